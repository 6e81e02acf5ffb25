"""Doctor: the language model file is there and answers one small constrained question.

The test inference runs in a child process: a model runtime built for the wrong CPU dies
of SIGILL, and doctor must live to say so.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from appliance.ops.report import Check, failed, passed, skipped

GGUF_MAGIC = b"GGUF"
LOAD_SECONDS = 120.0
ANSWER_SECONDS = 60.0
PROBE_SCHEMA = '{"type": "object", "properties": {"ok": {"type": "boolean"}}, "required": ["ok"]}'
PROBE_PROMPT = "Answer in JSON whether two plus two is four.\nJSON: "
REBUILD = ("re-run install.sh with --llama-portable (it rebuilds llama.cpp for any CPU with AVX2 "
           "instead of for this one's advertised features; about 5 minutes)")


@dataclass(frozen=True)
class Inference:
    answer: str | None = None
    seconds: float = 0.0
    error: str | None = None        # the model did not load
    signal: int | None = None       # the child process was killed by this signal


def model_path(data_dir: Path) -> Path:
    """Where the agent's model is: the bundled default, copied into the data folder at install."""
    from appliance.brain.llm import BUNDLED, DEFAULT_MODEL

    return data_dir / "models" / BUNDLED[DEFAULT_MODEL]


# -- pure -----------------------------------------------------------------------------------

def judge_model_file(path: Path, size: int | None, magic: bytes) -> Check:
    fix = (f"re-run install.sh (it copies the bundled model to {path.parent}), or put a GGUF model "
           f"there named {path.name}")
    if size is None:
        return failed("model file", f"no model at {path}", fix)
    if magic != GGUF_MAGIC:
        return failed("model file", f"{path} is not a GGUF model file (damaged or incomplete copy?)", fix)
    return passed("model file", f"{path} ({size / 1024 ** 2:.0f} MB)")


def judge_inference(result: Inference) -> Check:
    name = "model test inference"
    if result.signal == signal.SIGILL:
        return failed(name, "the model runtime crashed with an illegal instruction: llama.cpp was built "
                            "for CPU features this machine does not have (or does not allow)",
                      REBUILD)
    if result.signal is not None:
        return failed(name, f"the model runtime crashed ({signal.Signals(result.signal).name})",
                      "re-run install.sh; if it persists the model file is damaged: delete it and re-run")
    if result.error is not None:
        return failed(name, f"the model did not load: {result.error}",
                      "re-run install.sh; if it persists the model file is damaged: delete it and re-run")
    if result.answer is None:
        return failed(name, f"no answer (gave up after {result.seconds:.1f} s; the limit is {ANSWER_SECONDS:.0f} s)",
                      "if it took the whole limit, the machine is too slow or too busy for this model: "
                      "choose a smaller one; otherwise the agent's log says why (journalctl -u textback-agent)")
    try:
        json.loads(result.answer)
    except json.JSONDecodeError:
        return failed(name, f"answered {result.answer[:60]!r}, which is not the JSON asked for",
                      "the llama-cpp-python install is broken: re-run install.sh")
    return passed(name, f"answered {result.answer.strip()} in {result.seconds:.1f} s")


# -- I/O ------------------------------------------------------------------------------------

def check_model(data_dir: Path, threads: int) -> list[Check]:
    path = model_path(data_dir)
    try:
        with open(path, "rb") as model:
            magic = model.read(4)
        size: int | None = path.stat().st_size
    except OSError:
        size, magic = None, b""
    first = judge_model_file(path, size, magic)
    if first.failed:
        return [first, skipped("model test inference", "no usable model file")]
    return [first, judge_inference(infer_in_child(path, threads))]


def infer_in_child(path: Path, threads: int) -> Inference:
    command = [sys.executable, "-m", "appliance.ops.model_check", str(path), str(threads)]
    try:
        done = subprocess.run(command, capture_output=True, text=True,
                              timeout=LOAD_SECONDS + ANSWER_SECONDS + 30)
    except subprocess.TimeoutExpired:
        return Inference(error=f"no answer within {LOAD_SECONDS + ANSWER_SECONDS:.0f} s")
    if done.returncode < 0:
        return Inference(signal=-done.returncode)
    try:
        return Inference(**json.loads(done.stdout.strip().splitlines()[-1]))
    except (json.JSONDecodeError, IndexError, TypeError):
        return Inference(error=(done.stderr.strip().splitlines() or ["no output"])[-1])


def infer(path: Path, threads: int) -> Inference:
    """Load the model and ask the probe question (runs in the child process)."""
    from appliance.brain.llm import Grammar, ModelRunner

    runner = ModelRunner(path, n_threads=threads, n_ctx=256)
    try:
        try:
            runner.wait_ready(LOAD_SECONDS)
        except (TimeoutError, RuntimeError) as error:
            return Inference(error=str(error))
        started = time.monotonic()
        answer = runner.complete(PROBE_PROMPT, Grammar(json_schema=PROBE_SCHEMA), timeout=ANSWER_SECONDS,
                                 max_tokens=16)
        return Inference(answer=answer, seconds=time.monotonic() - started)
    finally:
        runner.close()


if __name__ == "__main__":
    print(json.dumps(asdict(infer(Path(sys.argv[1]), int(sys.argv[2])))))
