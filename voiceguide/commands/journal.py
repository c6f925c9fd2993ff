"""`voiceguide journal ...`: list, search, show, add, edit, tag, delete, export, import, stats, and
encrypt, decrypt, rekey and export-key."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from typing import Any

EXPORT_FORMATS = ("json", "md", "jrnl")


ACTIONS = "voiceguide.commands.journal_actions"
KEY_ACTIONS = "voiceguide.commands.journal_keys"


def lazy(name: str, module: str = ACTIONS) -> Callable[[argparse.Namespace], int]:
    """A handler that imports the journal code only when the command runs (start-up stays quick)."""

    def handler(args: argparse.Namespace) -> int:
        actions = importlib.import_module(module)
        result: int = getattr(actions, name)(args)
        return result

    return handler


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    journal = subparsers.add_parser("journal", parents=[common],
                                    help="read, search, edit and export the journal")
    commands = journal.add_subparsers(dest="journal_command", metavar="ACTION", required=True)

    def add(name: str, handler: str, help_text: str,
            module: str = ACTIONS) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = commands.add_parser(name, parents=[common], help=help_text)
        parser.set_defaults(handler=lazy(handler, module))
        return parser

    listing = add("list", "list_command", "list entries, oldest first")
    add_filters(listing)

    searching = add("search", "search_command", 'full-text search: words, prefix*, "a phrase", AND/OR/NOT')
    searching.add_argument("query")
    add_filters(searching)

    showing = add("show", "show_command", "print one entry")
    showing.add_argument("id", type=entry_id)
    showing.add_argument("--json", action="store_true", help="print JSON")

    adding = add("add", "add_command", "write a typed entry (TEXT, or - for standard input, or $EDITOR)")
    adding.add_argument("text", nargs="?", help="the entry; - reads standard input")
    adding.add_argument("--tag", action="append", default=[], metavar="TAG", help="tag it; repeatable")

    editing = add("edit", "edit_command", "change an entry's text in $EDITOR (the original is kept)")
    editing.add_argument("id", type=entry_id)

    tagging = add("tag", "tag_command", "add and remove tags: tag ID +emotion:anger +trigger:work -old")
    tagging.add_argument("id", type=entry_id)
    tagging.add_argument("changes", nargs=argparse.REMAINDER, metavar="+TAG/-TAG")

    deleting = add("delete", "delete_command", "delete an entry for good (asks first)")
    deleting.add_argument("id", type=entry_id)
    deleting.add_argument("--yes", action="store_true", help="do not ask")

    exporting = add("export", "export_command", "export everything as JSON, Markdown or jrnl text")
    exporting.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    exporting.add_argument("--out", metavar="PATH",
                           help="file for json/jrnl (default: standard output); folder for md")
    exporting.add_argument("--encrypt", action="store_true",
                           help="encrypt the JSON export and its recordings (needs --out): with a passphrase "
                                "(--export-passphrase-file, $VOICEGUIDE_EXPORT_PASSPHRASE or asked), else "
                                "the journal's own key")
    exporting.add_argument("--export-passphrase-file", metavar="FILE",
                           help="the export's passphrase, on the file's first line")

    importing = add("import", "import_command", "add the entries of a JSON export (plain or encrypted)")
    importing.add_argument("file", metavar="FILE.json")
    importing.add_argument("--export-passphrase-file", metavar="FILE",
                           help="the encrypted export's passphrase (or its journal's recovery code), on the "
                                "file's first line (or $VOICEGUIDE_EXPORT_PASSPHRASE)")

    stating = add("stats", "stats_command", "entries per week, distress change per practice, top tags")
    stating.add_argument("--json", action="store_true", help="print JSON")

    keys = KEY_ACTIONS
    encrypting = add("encrypt", "encrypt_command", "encrypt a plain journal and its recordings in place "
                     "(key in the keyring, or a passphrase); shows the recovery code", keys)
    encrypting.add_argument("--keyring", action="store_true",
                            help="keep the key in the desktop keyring as well as under the passphrase")
    add("decrypt", "decrypt_command", "turn an encrypted journal back into a plain one, in place", keys)
    rekeying = add("rekey", "rekey_command", "encrypt the journal with a new key (a new recovery code)", keys)
    rekeying.add_argument("--new-passphrase-file", metavar="FILE",
                          help="the new passphrase, on the file's first line (or $VOICEGUIDE_NEW_PASSPHRASE)")
    rekeying.add_argument("--keyring", action="store_true",
                          help="keep the new key in the desktop keyring too")
    add("export-key", "export_key_command", "show the journal's recovery code (write it down)", keys)


def add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", metavar="DATE", help="from this day (YYYY-MM-DD, local time) or time on")
    parser.add_argument("--until", metavar="DATE", help="up to and including this day")
    parser.add_argument("--tag", action="append", default=[], metavar="TAG",
                        help="only entries with this tag (emotion:NAME, trigger:NAME or NAME); repeatable")
    parser.add_argument("--practice", metavar="ID", help="only entries from this practice")
    parser.add_argument("--min-rating", type=rating, metavar="N", help="distress before at least N (0-10)")
    parser.add_argument("--max-rating", type=rating, metavar="N", help="distress before at most N (0-10)")
    parser.add_argument("--json", action="store_true", help="print JSON")


def rating(text: str) -> int:
    if not text.isdigit() or int(text) > 10:
        raise argparse.ArgumentTypeError(f"a rating is a whole number from 0 to 10, not {text!r}")
    return int(text)


def entry_id(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(
            f"an entry id is a number (see: voiceguide journal list), not {text!r}")
    return int(text)
