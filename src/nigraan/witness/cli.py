"""``nigraan witness serve | add-log | show``: run and configure a witness. No Django, no
Nigraan database: only the data directory given with ``--data``."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys

from nigraan.ledger.note import NoteError
from nigraan.witness.config import DataDir, WitnessConfigError
from nigraan.witness.protocol import Witness
from nigraan.witness.server import serve
from nigraan.witness.store import WitnessStore


def _listen(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or int(port) > 65535:
        raise argparse.ArgumentTypeError("use HOST:PORT, e.g. 127.0.0.1:8401 (port 0: any)")
    return host.strip("[]"), int(port)


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data", required=True, help="the witness's data directory")
    common.add_argument(
        "--name", help="the witness's name (e.g. commission.example/witness), fixed at first use"
    )
    parser = argparse.ArgumentParser(
        prog="nigraan witness",
        description="A C2SP tlog-witness for a Nigraan ledger (or any log): docs/witness.md",
    )
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    serve_parser = sub.add_parser("serve", parents=[common], help="serve add-checkpoint over HTTP")
    serve_parser.add_argument("--listen", type=_listen, default=("127.0.0.1", 8401))
    serve_parser.add_argument("--prefix", default="", help="URL path before /add-checkpoint")
    add = sub.add_parser("add-log", parents=[common], help="trust a log's verifier key")
    add.add_argument("verifier_key", help="the log's key: NAME+KEYID+BASE64 (from its operator)")
    add.add_argument("--origin", help="the log's origin line (default: the key's name)")
    sub.add_parser(
        "show", parents=[common], help="name, verifier key, trusted logs, what was cosigned"
    )
    sub.add_parser("evidence", parents=[common], help="the refused but validly signed checkpoints")
    return parser


def _show(data: DataDir, name: str | None) -> None:
    config = data.settle_name(name)
    out = sys.stdout
    out.write(f"name          {config.name}\n")
    out.write(f"verifier key  {data.verifier_key(config.name)}\n")
    latest = WitnessStore(data.state_file).all_latest()
    for origin, keys in sorted(config.logs.items()):
        seen = latest.get(origin)
        when = (
            "nothing cosigned yet"
            if seen is None
            else f"cosigned size {seen.tree_size} at "
            f"{dt.datetime.fromtimestamp(seen.cosigned_at, dt.UTC):%Y-%m-%d %H:%M:%S} UTC"
        )
        out.write(f"log           {origin}: {when}\n")
        for key in keys:
            out.write(f"  key         {key}\n")
    evidence = WitnessStore(data.state_file).evidence()
    out.write(f"evidence      {len(evidence)} refused but signed checkpoint(s)\n")


def _evidence(data: DataDir) -> None:
    for item in WitnessStore(data.state_file).evidence():
        when = dt.datetime.fromtimestamp(item.received_at, dt.UTC)
        sys.stdout.write(
            f"== {item.origin} at {when:%Y-%m-%d %H:%M:%S} UTC: {item.status} {item.reason} "
            f"(old size {item.old_size})\n{item.checkpoint}\n"
        )


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    data = DataDir(args.data)
    try:
        if args.action == "add-log":
            config = data.add_log(args.verifier_key, args.origin, args.name)
            sys.stdout.write(f"{config.name} now trusts {len(config.logs)} log(s)\n")
        elif args.action == "show":
            _show(data, args.name)
        elif args.action == "evidence":
            _evidence(data)
        else:
            config = data.settle_name(args.name)
            if not config.logs:
                logging.warning("no trusted logs yet: every request gets 404 (add-log)")
            host, port = args.listen
            serve(Witness(data), host, port, prefix=args.prefix)
    except (WitnessConfigError, NoteError, OSError) as exc:
        sys.stderr.write(f"nigraan witness: {exc}\n")
        return 2
    return 0
