"""`opslog send`: a Markdown report posted to a team chat's webhook.

targets.py    the `[send.NAME]` settings, checked
formats.py    pure: Markdown to each platform's message, split into parts, signed
transport.py  the HTTP POST with retries (urllib; imported only by `opslog send`)
"""
