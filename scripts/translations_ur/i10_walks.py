T = {
    "Not answered": "جواب نہیں دیا گیا",
}
