#!/usr/bin/python3
"""PyTorch CPU reference for bench/cnn.ts: the seed CNN's forward and SGD step at batch 64, and the
3×3 conv, on THREADS threads.  /usr/bin/python3 packages/backend-wasm/bench/torch_cnn.py [THREADS]"""
import sys
import time

import torch
import torch.nn.functional as F

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
torch.set_num_threads(threads)
torch.manual_seed(0)
model = torch.nn.Sequential(
    torch.nn.Conv2d(1, 16, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
    torch.nn.Conv2d(16, 32, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
    torch.nn.Flatten(), torch.nn.Linear(512, 10))
opt = torch.optim.SGD(model.parameters(), lr=0.01)
x = torch.randn(64, 1, 28, 28)
y = torch.randint(0, 10, (64,))


def timeit(f, reps=30, warm=5):
    """Wall median and best, and the median process CPU time (steadier on a busy machine)."""
    for _ in range(warm):
        f()
    t, c = [], []
    for _ in range(reps):
        c0, t0 = time.process_time(), time.perf_counter()
        f()
        t.append((time.perf_counter() - t0) * 1e3)
        c.append((time.process_time() - c0) * 1e3)
    t.sort()
    c.sort()
    return f"wall median {t[len(t) // 2]:.2f} ms, best {t[0]:.2f} ms; cpu {c[len(c) // 2]:.2f} ms"


def fwd():
    with torch.no_grad():
        model(x)


def step():
    opt.zero_grad(set_to_none=True)
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    opt.step()


cx, cw, cb = torch.randn(8, 64, 56, 56), torch.randn(64, 64, 3, 3), torch.randn(64)


def conv():
    with torch.no_grad():
        F.conv2d(cx, cw, cb, padding=1)


print(f"torch {torch.__version__} {threads}T CNN forward:    {timeit(fwd)}")
print(f"torch {torch.__version__} {threads}T CNN train step: {timeit(step)}")
print(f"torch {torch.__version__} {threads}T conv 3x3:       {timeit(conv, 8, 2)}")
