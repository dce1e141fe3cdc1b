from make_scripts import Script  # noqa: F401
