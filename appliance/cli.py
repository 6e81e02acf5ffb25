"""The `textback` command: a thin layer over the library. Each subcommand documents itself (--help).

Heavy imports (the model runtime, Flask) happen inside the subcommand that needs them, so
`textback --help` and `textback simulate-call` answer at once.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import sys
from collections.abc import Callable

from appliance.config import Config, ConfigError, find_config_path, load_config
from appliance.ops.logs import setup_logging

log = logging.getLogger("textback")

# Subsystems that bring their own subcommands: each module has add_commands(commands, add),
# where add(commands, name, handler, help) returns the subparser. Their imports must stay light.
PLUGGED_IN_COMMANDS: list[str] = ["web.cli", "appliance.ops.cli", "appliance.brain.cli"]


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    setup_logging(process=getattr(args, "command", "textback"), verbose=args.verbose)
    if not hasattr(args, "handler"):
        parser.print_help()
        return 2
    try:
        return args.handler(args) or 0
    except ConfigError as exc:
        print(f"textback: configuration problem: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="textback",
        description="Missed call to booked job: texts back callers the shop could not answer.",
    )
    parser.add_argument("--config", metavar="PATH",
                        help="configuration file (default: $TEXTBACK_CONFIG, then /etc/textback/textback.toml)")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    _add(commands, "run", _cmd_run, "run the agent: watch the PBX, text back missed calls, talk over SMS")

    demo = _add(commands, "demo", _cmd_demo,
                "run the whole appliance on a simulated PBX and modem with a throw-away database")
    demo.add_argument("--data-dir", metavar="DIR", help="keep the demo's files here instead of a temporary folder")
    demo.add_argument("--calls", type=int, default=0, metavar="N",
                      help="place N simulated missed calls at start, then keep running")
    demo.add_argument("--exit-after", type=float, metavar="SECONDS",
                      help="stop by itself after SECONDS (for scripts)")

    call = _add(commands, "simulate-call", _cmd_simulate_call,
                "place a test call into the inbound context that rings out and is missed "
                "(through AMI Originate on a real PBX, or the demo's simulated PBX)")
    call.add_argument("number", help="the caller ID to present, e.g. +15125550123")

    text = _add(commands, "simulate-text", _cmd_simulate_text,
                "send a text to the shop from NUMBER (only with the demo's simulated modem)")
    text.add_argument("number", help="who the text comes from, e.g. +15125550123")
    text.add_argument("text", help="the message")

    for module in PLUGGED_IN_COMMANDS:
        importlib.import_module(module).add_commands(commands, _add)
    return parser


def _add(commands, name: str, handler: Callable, help_text: str) -> argparse.ArgumentParser:
    sub = commands.add_parser(name, help=help_text, description=help_text)
    sub.set_defaults(handler=handler, command=name)
    return sub


def load(args: argparse.Namespace) -> Config:
    return load_config(find_config_path(args.config))


def _cmd_run(args: argparse.Namespace) -> int:
    from appliance.agent import run_agent
    from appliance.clock import SystemClock
    from appliance.ops.backup import backups_dir_for
    from appliance.ops.upgrade import open_database

    config = load(args)
    database = config.storage.database
    open_database(database, backups_dir_for(database), SystemClock().now()).conn.close()  # backup, then migrate
    asyncio.run(run_agent(config))
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from appliance.demo import run_demo

    return asyncio.run(run_demo(data_dir=args.data_dir, calls=args.calls, exit_after=args.exit_after))


def _cmd_simulate_call(args: argparse.Namespace) -> int:
    from appliance.telephony.test_call import place_test_call_from_config

    config = load(args)
    detail = asyncio.run(place_test_call_from_config(config, args.number))
    print(detail)
    return 0


def _cmd_simulate_text(args: argparse.Namespace) -> int:
    from appliance.sms.simulator import ControlClient, control_socket_for

    config = load(args)
    socket_path = control_socket_for(config.modem.port)
    if not socket_path.exists():
        print(f"textback: {config.modem.port} is not the demo's simulated modem "
              "(simulate-text only works with `textback demo`)", file=sys.stderr)
        return 2
    ControlClient(socket_path).inject(args.number, args.text)
    print(f"texted the shop from {args.number}: {args.text!r}")
    return 0
