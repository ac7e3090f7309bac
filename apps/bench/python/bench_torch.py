#!/usr/bin/env python3
"""PyTorch's side of apps/bench: a JSON-lines server on stdin/stdout.

The Node harness sends one request per line and reads one JSON reply per line, so that PyTorch's
samples interleave with the other sides' in the same run. Timing happens here, with
time.perf_counter, so the pipe's latency is never measured.

Requests: {"cmd": "info"}, {"cmd": "prepare", "id": i, "spec": {...}, "mnist": path?, "mnist_n": n},
{"cmd": "samples", "id": i, "count": k, "inner": n}, {"cmd": "release", "id": i},
{"cmd": "peak", "sizes": [...], "seconds": s}. Replies carry "ok" and either data or "reason".

Usage: bench_torch.py THREADS
"""
import json
import os
import platform
import sys
import time

THREADS = int(sys.argv[1]) if len(sys.argv) > 1 else 1
os.environ.setdefault("OMP_NUM_THREADS", str(THREADS))
os.environ.setdefault("OPENBLAS_NUM_THREADS", str(THREADS))

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(THREADS)
torch.manual_seed(0)

PIXELS = 784
LR = 0.01


def blas_library():
    """The BLAS shared object actually mapped into this process (Debian picks it via alternatives)."""
    torch.mm(torch.ones(64, 64), torch.ones(64, 64))
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "blas" in line.lower() and "/" in line}
        libs = sorted({os.path.realpath(p) for p in libs})
        best = [p for p in libs if "libopenblas" in p or "mkl" in p] or [p for p in libs if "libblas" in p] or libs
        return best[0] if best else "unknown"
    except OSError:
        return "unknown"


def reference_blas(path):
    """Debian's netlib reference BLAS (libblas3), which PyTorch falls back to when no libopenblas0 is
    installed: correct but unoptimised (5.8 GFLOP/s on the project's machine, where OpenBLAS does
    106), so no native ceiling."""
    return "/blas/libblas.so" in path


def cnn():
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 16, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(16, 32, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(512, 10),
    )


def train_step(model, opt, x, y):
    opt.zero_grad(set_to_none=True)
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    opt.step()


def load_mnist(path, n, samples):
    """The first `samples` of the file's n images (float32) and labels (int32, after the images)."""
    with open(path, "rb") as f:
        raw = f.read()
    images = torch.frombuffer(bytearray(raw[: samples * PIXELS * 4]), dtype=torch.float32).reshape(samples, 1, 28, 28)
    labels = torch.frombuffer(bytearray(raw[n * PIXELS * 4: n * PIXELS * 4 + samples * 4]), dtype=torch.int32).long()
    return images, labels


def prepare(spec, mnist_path, mnist_n):
    """Returns step() that runs one operation of the workload to completion."""
    kind = spec["kind"]
    if kind == "matmul":
        a, b = torch.randn(spec["n"], spec["n"]), torch.randn(spec["n"], spec["n"])
        return no_grad(lambda: torch.mm(a, b))
    if kind == "conv2d":
        x = torch.randn(spec["batch"], spec["cin"], spec["size"], spec["size"])
        w = torch.randn(spec["cout"], spec["cin"], spec["k"], spec["k"]) * 0.05
        b = torch.randn(spec["cout"]) * 0.1
        pad = spec["padding"]
        if not spec["backward"]:
            return no_grad(lambda: F.conv2d(x, w, b, padding=pad))
        for t in (x, w, b):
            t.requires_grad_(True)
        g = torch.randn_like(F.conv2d(x, w, b, padding=pad))

        def fwd_bwd():
            for t in (x, w, b):
                t.grad = None
            F.conv2d(x, w, b, padding=pad).backward(g)
        return fwd_bwd
    if kind == "cnn":
        model = cnn()
        x = torch.randn(spec["batch"], 1, 28, 28)
        if not spec["train"]:
            return no_grad(lambda: model(x))
        y = torch.randint(0, 10, (spec["batch"],))
        opt = torch.optim.SGD(model.parameters(), lr=LR)
        return lambda: train_step(model, opt, x, y)
    if kind == "softmax":
        x = torch.randn(spec["rows"], spec["cols"])
        return no_grad(lambda: F.softmax(x, 1))
    if kind == "add":
        a, b = torch.randn(spec["numel"]), torch.randn(spec["numel"])
        return no_grad(lambda: torch.add(a, b))
    if kind == "mnist-epoch":
        images, labels = load_mnist(mnist_path, mnist_n, spec["samples"])
        xs, ys = images.split(spec["batch"]), labels.split(spec["batch"])
        model = cnn()
        opt = torch.optim.SGD(model.parameters(), lr=LR)

        def epoch():
            for x, y in zip(xs, ys):
                train_step(model, opt, x, y)
        return epoch
    raise ValueError(f"unknown workload kind {kind!r}")


def no_grad(fn):
    def run():
        with torch.no_grad():
            fn()
    return run


def samples(step, count, inner):
    out = []
    for _ in range(count):
        t0 = time.perf_counter()
        for _ in range(inner):
            step()
        out.append((time.perf_counter() - t0) * 1000 / inner)
    return out


def peak(sizes, seconds):
    """Best single-precision matmul rate over `sizes`: the native ceiling the report compares to."""
    blas = blas_library()
    if reference_blas(blas):
        return {"unavailable": f"PyTorch runs on the unoptimised reference BLAS ({blas}); "
                               "install libopenblas0 for a native ceiling"}
    by_size = {}
    for n in sizes:
        a, b = torch.randn(n, n), torch.randn(n, n)
        for _ in range(2):
            torch.mm(a, b)
        best, t_end = 0.0, time.perf_counter() + seconds
        while time.perf_counter() < t_end:
            t0 = time.perf_counter()
            torch.mm(a, b)
            best = max(best, 2 * n ** 3 / (time.perf_counter() - t0) / 1e9)
        by_size[str(n)] = best
    return {"gflops": max(by_size.values()), "by_size": by_size}


def main():
    steps = {}
    out = sys.stdout
    sys.stdout = sys.stderr  # stray prints must not corrupt the protocol
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        cmd = req.get("cmd")
        try:
            if cmd == "info":
                blas = blas_library()
                reply = {
                    "torch": torch.__version__, "python": platform.python_version(), "threads": torch.get_num_threads(),
                    "blas": blas, "reference_blas": reference_blas(blas), "mkldnn": torch.backends.mkldnn.is_available(),
                }
            elif cmd == "prepare":
                steps[req["id"]] = prepare(req["spec"], req.get("mnist"), req.get("mnist_n"))
                reply = {}
            elif cmd == "samples":
                reply = {"ms": samples(steps[req["id"]], int(req["count"]), int(req["inner"]))}
            elif cmd == "release":
                steps.pop(req["id"], None)
                reply = {}
            elif cmd == "peak":
                reply = peak(req["sizes"], float(req["seconds"]))
            else:
                raise ValueError(f"unknown command {cmd!r}")
            reply["ok"] = True
        except Exception as e:  # the harness reports the reason in the row
            reply = {"ok": False, "reason": f"{type(e).__name__}: {e}"}
        out.write(json.dumps(reply) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
