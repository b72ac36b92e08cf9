"""A cheap argon2 hasher for the test suite only (settings enable it when
``NIGRAAN_FAST_PASSWORD_HASHER=1``). Production uses Django's Argon2PasswordHasher."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 64
    parallelism = 1
