"""Subcommands of the `voiceguide` command line, one module each with a `register` function."""
