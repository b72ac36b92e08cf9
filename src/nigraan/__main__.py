from nigraan.cli import main

main()
