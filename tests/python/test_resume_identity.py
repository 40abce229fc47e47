#!/usr/bin/python3
"""A run killed mid-way and resumed equals an uninterrupted run.

Usage (ctest): /usr/bin/python3 test_resume_identity.py <cyres-binary> <workdir>

1. SIGKILL: a run with --checkpoint every 100 trials is killed with SIGKILL
   (no chance to clean up) once its first checkpoint exists; it leaves no
   results file; `cyres run --resume` finishes it (at another thread count)
   and the file equals the uninterrupted run's except provenance attributes.
2. SIGTERM (after a first checkpoint) and SIGINT (without --checkpoint, once
   the run's worker threads have started): the run stops within a second,
   exits with 128 + the signal, leaves a checkpoint (without --checkpoint,
   beside the output) and no results or temporary file; resuming it gives the
   same file again.
3. A checkpoint is not a shard, and a shard is not a checkpoint.
"""

import os
import shutil
import signal
import subprocess
import sys
import time

import h5py

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import batch_identity  # noqa: E402

# Two of the four policies keep the test short; 600 trials (blocks of 100 with
# --checkpoint-trials 100) leave the kill and the signals far from the end.
TRIALS = "600"
COMMON = ["--trials", TRIALS, "--seed", "5", "--policy", "independent,joint-crisis-cell"]


def run(binary, *args, expect=0):
    result = subprocess.run([binary, *args], capture_output=True, text=True)
    if result.returncode != expect:
        print(result.stdout, result.stderr)
        raise SystemExit(f"{' '.join(args)}: exit {result.returncode}, expected {expect}")
    return result


def wait_for(path, process, timeout=120.0):
    start = time.monotonic()
    while not os.path.exists(path):
        if process.poll() is not None:
            raise SystemExit(f"the run ended (exit {process.returncode}) before {path} appeared: "
                             "make the run longer")
        if time.monotonic() - start > timeout:
            raise SystemExit(f"{path} did not appear within {timeout} s")
        time.sleep(0.005)


def wait_for_workers(process, timeout=120.0):
    """Until the run is under way: past loading, its TBB worker threads
    started (Linux: /proc/PID/task). A signal while the scenario loads is
    caught too, but stops the run only once loading is done."""
    start = time.monotonic()
    while len(os.listdir(f"/proc/{process.pid}/task")) < 2:
        if process.poll() is not None:
            raise SystemExit(f"the run ended (exit {process.returncode}) before it was under way")
        if time.monotonic() - start > timeout:
            raise SystemExit(f"no worker threads within {timeout} s")
        time.sleep(0.005)
    time.sleep(0.2)


# A signalled run stops within a second (docs/cli.md). Sanitizer builds run
# several times slower, so their test presets scale the limit
# (CYRES_TEST_TIME_SCALE); the release suite holds the second itself.
STOP_LIMIT_S = 1.0 * float(os.environ.get("CYRES_TEST_TIME_SCALE", "1"))


def checkpoint_trials(path):
    with h5py.File(path, "r") as f:
        kind = f["partial"].attrs["kind"]
        # Fixed-length strings (docs/hdf5-schema.md) come back from h5py as bytes.
        return int(f["partial"].attrs["trials"]), kind.decode("utf-8") if isinstance(kind, bytes) else kind


def main():
    binary, workdir = sys.argv[1], sys.argv[2]
    # A fresh folder: cyres never replaces an earlier run's files unasked.
    shutil.rmtree(workdir, ignore_errors=True)
    os.makedirs(workdir)
    path = lambda name: os.path.join(workdir, name)  # noqa: E731
    for name in os.listdir(workdir):
        os.remove(path(name))
    failures = []

    run(binary, "run", "-o", path("full.h5"), *COMMON, "--threads", "2")

    # 1. SIGKILL after the first checkpoint.
    killed = subprocess.Popen([binary, "run", "-o", path("killed.h5"), *COMMON, "--threads", "2",
                               "--checkpoint", path("ck.h5"), "--checkpoint-trials", "100"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(path("ck.h5"), killed)
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    done, kind = checkpoint_trials(path("ck.h5"))
    print(f"killed with SIGKILL; the checkpoint holds {done} of {TRIALS} trials ({kind})")
    if killed.returncode != -signal.SIGKILL or not 0 < done < int(TRIALS):
        failures.append("the kill did not land mid-way")
    if os.path.exists(path("killed.h5")):
        failures.append("a killed run left a results file")
    result = run(binary, "merge", path("ck.h5"), "-o", path("no.h5"), expect=2)
    if "is a checkpoint, not a shard" not in result.stderr:
        failures.append(f"merge of a checkpoint: {result.stderr!r}")
    run(binary, "run", "--resume", path("ck.h5"), "--threads", "1")
    batch_identity.check_identical("SIGKILL, resumed at 1 thread", path("full.h5"),
                                   path("killed.h5"), failures)
    if os.path.exists(path("ck.h5")):
        failures.append("the checkpoint outlived the finished run")

    # 2. SIGTERM once a checkpoint exists; SIGINT without --checkpoint, whose
    # checkpoint goes beside the output.
    for sig in (signal.SIGTERM, signal.SIGINT):
        name = f"stopped_{sig.name}.h5"
        if sig == signal.SIGTERM:
            checkpoint = path("ck_term.h5")
            extra = ["--checkpoint", checkpoint, "--checkpoint-trials", "100"]
        else:
            checkpoint = path(name) + ".checkpoint.h5"
            extra = []
        process = subprocess.Popen([binary, "run", "-o", path(name), *COMMON, "--threads", "2",
                                    *extra],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if extra:
            wait_for(checkpoint, process)
        else:
            wait_for_workers(process)
        sent = time.monotonic()
        process.send_signal(sig)
        _, stderr = process.communicate()
        took = time.monotonic() - sent
        done, kind = checkpoint_trials(checkpoint) if os.path.exists(checkpoint) else (-1, "")
        print(f"{sig.name}: stopped in {took:.2f} s with exit {process.returncode}; "
              f"checkpoint of {done} trials ({kind})")
        leftovers = [n for n in os.listdir(workdir)
                     if n.startswith(name) and n != os.path.basename(checkpoint)]
        if process.returncode != 128 + sig or took > STOP_LIMIT_S or kind != "checkpoint":
            print(stderr)
            failures.append(f"{sig.name}: exit, time or checkpoint")
        if leftovers:
            failures.append(f"{sig.name} left {leftovers}")
        if "resume with: cyres run --resume" not in stderr:
            failures.append(f"{sig.name}: no resume hint")
        run(binary, "run", "--resume", checkpoint)
        batch_identity.check_identical(f"{sig.name}, resumed", path("full.h5"), path(name),
                                       failures)

    # 3. Resume refuses a shard.
    run(binary, "run", "-o", path("shard.h5"), *COMMON, "--trial-range", "0:10")
    result = run(binary, "run", "--resume", path("shard.h5"), expect=2)
    if "is a shard, not a checkpoint" not in result.stderr:
        failures.append(f"resume of a shard: {result.stderr!r}")
    print(f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
