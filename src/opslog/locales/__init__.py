"""One catalogue per language: `zh.py` holds MESSAGES, a dict from the English text to
its translation. English needs none (the texts are English).

Why Python modules rather than gettext `.po`/`.mo` files: the standard library can read
`.mo` files but not make them (msgfmt is a script outside it), so a `.po` file would
need a build step and a compiled binary file shipped beside it; a module is compiled
to bytecode by Python itself, loads with one import (no file parsing at start-up, which
`note` pays on every run), is checked by mypy and ruff, and a test can read it as data.
The model is gettext's all the same: the English text is the message id and a missing
entry falls back to English.

A third language is one new file here, `xx.py` with its MESSAGES: `lang = "xx"` is
accepted as soon as the file exists.
"""
