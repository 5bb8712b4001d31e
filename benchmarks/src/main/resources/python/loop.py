"""The benchmarks' hand-written loop in Python with PyTorch: the same network, data, order, batch,
optimizer, thread count and per-batch reads (loss and accuracy) as the Java contenders.

python3 loop.py <lenet|mlp> <samples> <warm-up batches> <threads>
Prints: RESULT <seconds> <batches> <mean loss> <peak resident KB>
"""
import gzip
import resource
import sys
import time

import numpy as np
import torch
from torch import nn

DATA = "/usr/share/datasets/fashion-mnist"
BATCH = {"lenet": 128, "mlp": 64}


def idx(path, offset):
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def network(name):
    if name == "lenet":
        return nn.Sequential(
            nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2, 2),
            nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2, 2),
            nn.Flatten(),
            nn.Linear(400, 120), nn.ReLU(),
            nn.Linear(120, 84), nn.ReLU(),
            nn.Linear(84, 10))
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 10))


def epoch(net, optimizer, loss_fn, images, labels, batch):
    loss_sum, correct, seen, batches = 0.0, 0, 0, 0
    for start in range(0, len(labels), batch):
        x = torch.from_numpy(images[start:start + batch].astype(np.float32) / 255.0)
        y = torch.from_numpy(labels[start:start + batch].astype(np.int64))
        optimizer.zero_grad()
        out = net(x)
        loss = loss_fn(out, y)
        loss.backward()
        optimizer.step()
        loss_sum += loss.item() * len(y)
        correct += (out.argmax(1) == y).sum().item()
        seen += len(y)
        batches += 1
    return loss_sum / seen, batches


def main():
    name, samples, warmup, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(1)
    images = idx(DATA + "/train-images-idx3-ubyte.gz", 16).reshape(-1, 1, 28, 28)[:samples]
    labels = idx(DATA + "/train-labels-idx1-ubyte.gz", 8)[:samples]
    batch = BATCH[name]
    net = network(name)
    optimizer = torch.optim.Adam(net.parameters(), lr=0.001)
    loss_fn = nn.CrossEntropyLoss()
    w = warmup * batch
    epoch(net, optimizer, loss_fn, images[:w], labels[:w], batch)
    start = time.perf_counter()
    loss, batches = epoch(net, optimizer, loss_fn, images, labels, batch)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print("RESULT %.6f %d %.6f %d" % (seconds, batches, loss, peak))


if __name__ == "__main__":
    main()
