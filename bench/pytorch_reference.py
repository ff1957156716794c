#!/usr/bin/python3
"""PyTorch reference for `ganforge bench train`: the same architectures, data, batch and loop shape.

Mirrors trainer/src/main/java/dev/ganforge/trainer/nn/{MlpGan,Dcgan,ConditionalDcgan,CurvesGan,InfoGan}.java (with
nn/layer/LabelConcat and TransposedConv2d, here torch.cat of one-hot labels and nn.ConvTranspose2d) and one
iteration of GanTrainer: a D step (fresh real batch, G forward without gradient, D on real and fake, BCE with
logits, Adam) then g_steps G steps (non-saturating or minimax loss, Adam), with each architecture's default
learning rates, betas, label smoothing, label flips and mlp's feature matching (not its EMA, which costs
little and changes no gradient). For the conditional cdcgan, the D step feeds the real
batch's labels (MNIST's train-labels-idx1-ubyte) to G and to both D passes; the G steps draw labels uniformly
from 0..9. For infogan both steps add InformationLoss's λ_cat·CE + λ_cont·½(c − μ)² of the batch's codes, as
GanTrainer does (Q inside D's optimiser, updated in the D step only). Real images are the training split ganforge
uses (HeldOutRule's five in six), in a new order every epoch. Prints images/s over the timed iterations
(batch x d_steps / time), measured the same way as the Java side. Needs Debian's python3-torch; run with /usr/bin/python3.

    /usr/bin/python3 bench/pytorch_reference.py --arch dcgan --iterations 50

Learning-curve parity (docs/quality.md): --init normal --warmup 0 --save-every N --metadata-from MODEL.onnx
writes G every N iterations as ONNX that `ganforge evaluate --from FILE` scores with the reference classifier.
"""
import argparse
import os
import statistics
import sys
import time

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F

from mnist_split import check_split, metadata_entries, training_split


class Unflatten(nn.Module):
    """nn.Unflatten(1, shape) written as a view, which torch 1.13's ONNX export (--save-every) can translate."""

    def __init__(self, shape):
        super().__init__()
        self.shape = shape

    def forward(self, x):
        return x.view(x.shape[0], *self.shape)


def mlp():
    g = nn.Sequential(nn.Linear(100, 128), nn.ReLU(), nn.Linear(128, 784), nn.Sigmoid(),
                      Unflatten((1, 28, 28)))
    d = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 1))
    return g, d, dict(latent=100, uniform=True, tanh=False, loss="non-saturating", lr=1e-3, beta1=0.5,
                      g_steps=1, real_label=1.0, label_flip=0.0, feature_matching=True)


def dcgan():
    g = nn.Sequential(nn.Linear(100, 128 * 7 * 7), nn.BatchNorm1d(128 * 7 * 7), nn.ReLU(),
                      Unflatten((128, 7, 7)),
                      nn.ConvTranspose2d(128, 64, 4, 2, 1), nn.BatchNorm2d(64), nn.ReLU(),
                      nn.ConvTranspose2d(64, 1, 4, 2, 1), nn.Tanh())
    d = nn.Sequential(nn.Conv2d(1, 64, 4, 2, 1), nn.LeakyReLU(0.2), nn.Dropout(0.3),
                      nn.Conv2d(64, 128, 4, 2, 1), nn.LeakyReLU(0.2), nn.Dropout(0.3),
                      nn.Flatten(), nn.Linear(128 * 7 * 7, 1))
    return g, d, dict(latent=100, uniform=False, tanh=True, loss="non-saturating", lr=2e-4, beta1=0.5,
                      g_steps=2, real_label=0.9, label_flip=0.05)


def curves():
    g = nn.Sequential(nn.Linear(5, 128), nn.ReLU(), nn.Linear(128, 15))
    d = nn.Sequential(nn.Linear(15, 128), nn.ReLU(), nn.Linear(128, 1))
    return g, d, dict(latent=5, uniform=False, tanh=False, loss="minimax", lr=1e-4, beta1=0.9,
                      g_steps=1, real_label=1.0, label_flip=0.0)


class LabelConcat(nn.Module):
    """concat(x, onehot(labels)) on axis 1; for feature maps the one-hot is broadcast to constant planes."""

    def __init__(self, labels):
        super().__init__()
        self.labels = labels

    def forward(self, x, y):
        onehot = F.one_hot(y, self.labels).to(x.dtype)
        if x.dim() == 4:
            onehot = onehot.view(x.shape[0], self.labels, 1, 1).expand(-1, -1, x.shape[2], x.shape[3])
        return torch.cat((x, onehot), 1)


class ConditionalSequential(nn.Sequential):
    """Input (x, labels): x runs through the layers in order, every LabelConcat also gets the labels."""

    def forward(self, x, y):
        for layer in self:
            x = layer(x, y) if isinstance(layer, LabelConcat) else layer(x)
        return x


def cdcgan():
    n = 10
    g = ConditionalSequential(
        LabelConcat(n), nn.Linear(100 + n, 1024), nn.BatchNorm1d(1024), nn.ReLU(),
        LabelConcat(n), nn.Linear(1024 + n, 128 * 7 * 7), nn.BatchNorm1d(128 * 7 * 7), nn.ReLU(),
        Unflatten((128, 7, 7)),
        LabelConcat(n), nn.ConvTranspose2d(128 + n, 128, 5, 2, 2, output_padding=1), nn.BatchNorm2d(128), nn.ReLU(),
        LabelConcat(n), nn.ConvTranspose2d(128 + n, 1, 5, 2, 2, output_padding=1), nn.Sigmoid())
    d = ConditionalSequential(
        LabelConcat(n), nn.Conv2d(1 + n, 1 + n, 5, 2, 2), nn.LeakyReLU(0.2),
        LabelConcat(n), nn.Conv2d(1 + n + n, 64 + n, 5, 2, 2), nn.BatchNorm2d(64 + n), nn.LeakyReLU(0.2),
        nn.Flatten(),
        LabelConcat(n), nn.Linear((64 + n) * 7 * 7 + n, 1024), nn.BatchNorm1d(1024), nn.LeakyReLU(0.2),
        LabelConcat(n), nn.Linear(1024 + n, 1))
    return g, d, dict(latent=100, uniform=True, tanh=False, loss="non-saturating", lr=2e-4, beta1=0.5,
                      g_steps=2, real_label=1.0, label_flip=0.0, labels=n)


class InfoDiscriminator(nn.Module):
    """InfoGan.java's D: the shared body, then D's logit and Q's 10 category logits + 2 means as one row."""

    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(1, 64, 4, 2, 1), nn.LeakyReLU(0.1),
                                  nn.Conv2d(64, 128, 4, 2, 1), nn.BatchNorm2d(128), nn.LeakyReLU(0.1),
                                  nn.Flatten(), nn.Linear(128 * 7 * 7, 1024), nn.BatchNorm1d(1024), nn.LeakyReLU(0.1))
        self.d = nn.Linear(1024, 1)
        self.q = nn.Sequential(nn.Linear(1024, 128), nn.BatchNorm1d(128), nn.LeakyReLU(0.1), nn.Linear(128, 12))

    def forward(self, x):
        h = self.body(x)
        return torch.cat((self.d(h), self.q(h)), 1)


def infogan():
    g = nn.Sequential(nn.Linear(74, 1024), nn.BatchNorm1d(1024), nn.ReLU(),
                      nn.Linear(1024, 128 * 7 * 7), nn.BatchNorm1d(128 * 7 * 7), nn.ReLU(),
                      Unflatten((128, 7, 7)),
                      nn.ConvTranspose2d(128, 64, 4, 2, 1), nn.BatchNorm2d(64), nn.ReLU(),
                      nn.ConvTranspose2d(64, 1, 4, 2, 1), nn.Sigmoid())
    return g, InfoDiscriminator(), dict(latent=74, uniform=True, tanh=False, loss="non-saturating", lr=2e-4,
                                        lr_g=1e-3, beta1=0.5, g_steps=1, real_label=1.0, label_flip=0.0,
                                        codes=(10, 2), info_cat=2.0, info_cont=0.1)


def information(out, category, continuous, cfg):
    """InformationLoss.java: λ_cat·CE(category) + λ_cont·mean Σ ½(c − μ)² from Q's columns of D's output."""
    k = cfg["codes"][0]
    ce = F.cross_entropy(out[:, 1:1 + k], category)
    nll = 0.5 * (out[:, 1 + k:] - continuous).square().sum(1).mean()
    return cfg["info_cat"] * ce + cfg["info_cont"] * nll


ARCHS = {"mlp": mlp, "dcgan": dcgan, "cdcgan": cdcgan, "curves": curves, "infogan": infogan}


def mnist_images(home, tanh, with_labels=False):
    """MNIST training images scaled to [0, 1] (or [-1, 1] for tanh generators), plus the labels when asked."""
    pixels, label_bytes, fingerprint = training_split(home)
    images = torch.from_numpy(pixels.astype(np.float32) / 255.0)
    images = images * 2 - 1 if tanh else images
    labels = torch.from_numpy(label_bytes.astype(np.int64)) if with_labels else None
    return images, labels, fingerprint


def curve_batch(b):
    a = torch.rand(b, 1) + 1
    x = torch.linspace(-1, 1, 15).unsqueeze(0)
    return a * x * x + (a - 1)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--arch", choices=ARCHS, required=True)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--warmup", type=int, default=10)
    p.add_argument("--iterations", type=int, default=50)
    # Debian's torch starts with one thread; DJL's engine uses every core, so match it by default.
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--home", default=os.environ.get("GANFORGE_HOME", os.path.expanduser("~/.ganforge")))
    # Learning-curve checks (not timing): ganforge's initialisation and a line of losses every N iterations.
    p.add_argument("--init", choices=["torch", "normal"], default="torch",
                   help="normal: weights N(0, 0.02) and zero biases, as ganforge initialises them")
    p.add_argument("--report-every", type=int, default=0,
                   help="print Loss_D, Loss_G, D(x), D(G(z)) every N iterations (as ganforge train does)")
    p.add_argument("--save-every", type=int, default=0,
                   help="export G to SAVE_DIR/iteration-N.onnx every N iterations, for `ganforge evaluate`")
    p.add_argument("--save-dir", default="runs/pytorch-reference")
    p.add_argument("--metadata-from", metavar="MODEL.onnx",
                   help="a model `ganforge export` wrote for the same architecture: its ganforge.* metadata is "
                        "copied into the exported ones, which `ganforge evaluate` needs to feed them; the run "
                        "stops if that model trained on another split than the one drawn here")
    p.add_argument("--g-steps", type=int, help="G updates per iteration (default: the architecture's)")
    p.add_argument("--seed", type=int, default=1, help="torch.manual_seed (ganforge's --seed draws differently)")
    p.add_argument("--info-categorical", type=float, help="infogan: λ_cat (default: the architecture's, 2)")
    p.add_argument("--info-continuous", type=float, help="infogan: λ_cont (default: the architecture's, 0.1)")
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    g, d, cfg = ARCHS[args.arch]()
    if args.g_steps:
        cfg["g_steps"] = args.g_steps
    if args.info_categorical is not None:
        cfg["info_cat"] = args.info_categorical
    if args.info_continuous is not None:
        cfg["info_cont"] = args.info_continuous
    codes = cfg.get("codes")
    if args.init == "normal":
        for module in list(g.modules()) + list(d.modules()):
            if isinstance(module, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d)):
                nn.init.normal_(module.weight, 0.0, 0.02)
                nn.init.zeros_(module.bias)
    b = args.batch_size
    opt_g = torch.optim.Adam(g.parameters(), lr=cfg.get("lr_g", cfg["lr"]), betas=(cfg["beta1"], 0.999))
    opt_d = torch.optim.Adam(d.parameters(), lr=cfg["lr"], betas=(cfg["beta1"], 0.999))
    classes = cfg.get("labels", 0)
    images, labels = None, None
    if args.arch != "curves":
        images, labels, fingerprint = mnist_images(args.home, cfg["tanh"], classes > 0)
        if args.metadata_from:
            check_split(fingerprint, args.metadata_from)
    perms = {}

    def real_batch(i):
        """(samples, their labels or None); a new order every epoch, as ganforge's ImageTrainingData."""
        if images is None:
            return curve_batch(b), None
        per_epoch = images.shape[0] // b
        epoch = i // per_epoch
        if epoch not in perms:
            perms.clear()
            perms[epoch] = torch.randperm(images.shape[0])
        perm = perms[epoch]
        k = perm[(i % per_epoch) * b:(i % per_epoch + 1) * b]
        return images[k], None if labels is None else labels[k]

    def call(net, x, y):
        return net(x) if y is None else net(x, y)

    def random_labels():
        return torch.randint(0, classes, (b,)) if classes > 0 else None

    def latents():
        """z, and for InfoGAN its codes (category index, continuous values) laid out as [noise | one-hot | c]."""
        z = torch.rand(b, cfg["latent"]) * 2 - 1 if cfg["uniform"] else torch.randn(b, cfg["latent"])
        if not codes:
            return z
        category = torch.randint(0, codes[0], (b,))
        z[:, -codes[0] - codes[1]:-codes[1]] = F.one_hot(category, codes[0]).float()
        return z, category, z[:, -codes[1]:].clone()

    def scored(out, z):
        """D's real/fake logit, and for InfoGAN the information term of the batch's codes."""
        if not codes:
            return out, 0
        return out[:, :1], information(out, z[1], z[2], cfg)

    def noise(z):
        return z[0] if codes else z

    def targets():
        real = torch.full((b, 1), cfg["real_label"])
        fake = torch.zeros(b, 1)
        if cfg["label_flip"] > 0:
            real = torch.where(torch.rand(b, 1) < cfg["label_flip"], torch.zeros(b, 1), real)
            fake = torch.where(torch.rand(b, 1) < cfg["label_flip"], torch.full((b, 1), cfg["real_label"]), fake)
        return real, fake

    g.train()
    d.train()
    times = []
    for it in range(args.warmup + args.iterations):
        start = time.perf_counter()
        # (1) D step
        x, y = real_batch(it)
        z = latents()
        t_real, t_fake = targets()
        opt_d.zero_grad(set_to_none=False)
        with torch.no_grad():
            fake = call(g, noise(z), y)
        real_out, _ = scored(call(d, x, y), z)
        fake_out, info = scored(call(d, fake, y), z)
        loss_d = (F.binary_cross_entropy_with_logits(real_out, t_real)
                  + F.binary_cross_entropy_with_logits(fake_out, t_fake) + info)
        loss_d.backward()
        opt_d.step()
        loss_d.item()
        # (2) G step(s)
        # As GanTrainer does: D's weights need no gradient in the G step (only the input gradient flows through D).
        d.requires_grad_(False)
        for _ in range(cfg["g_steps"]):
            z = latents()
            y = random_labels()
            opt_g.zero_grad(set_to_none=False)
            if cfg.get("feature_matching"):
                # As GanTrainer does: G matches the mean of D's penultimate features on the D step's real batch.
                features = d[:-1]
                real_features = features(x).mean(0).detach()
                loss_g = (real_features - features(g(z)).mean(0)).square().sum()
                loss_g.backward()
                opt_g.step()
                loss_g.item()
                continue
            out, info = scored(call(d, call(g, noise(z), y), y), z)
            if cfg["loss"] == "minimax":
                loss_g = -F.binary_cross_entropy_with_logits(out, torch.zeros(b, 1)) + info
            else:
                loss_g = F.binary_cross_entropy_with_logits(out, torch.ones(b, 1)) + info
            loss_g.backward()
            opt_g.step()
            loss_g.item()
        d.requires_grad_(True)
        if args.report_every and (it + 1) % args.report_every == 0:
            print(f"[{it + 1}] Loss_D: {loss_d.item():.4f} Loss_G: {loss_g.item():.4f} "
                  f"D(x): {torch.sigmoid(real_out).mean().item():.4f} "
                  f"D(G(z)): {torch.sigmoid(fake_out).mean().item():.4f}", flush=True)
        if it >= args.warmup:
            times.append(time.perf_counter() - start)
        if args.save_every and (it + 1) % args.save_every == 0:
            export_onnx(g, cfg, os.path.join(args.save_dir, f"iteration-{it + 1}.onnx"), args.metadata_from)

    total = sum(times)
    print(f"arch {args.arch}, batch {b}, {len(times)} timed iterations after {args.warmup} warm-up, "
          f"torch {torch.__version__}, {torch.get_num_threads()} threads")
    print(f"throughput        {b * len(times) / total:.1f} images/s "
          f"(median iteration {statistics.median(times) * 1e3:.2f} ms)")
    n = 1024
    a, c = torch.randn(n, n), torch.randn(n, n)
    a @ c
    best = min(_timed(lambda: a @ c) for _ in range(10))
    print(f"matmul peak       {2 * n ** 3 / best / 1e9:.2f} GFLOP/s (1024x1024 float32 matmul, best of 10)")


class ImageOutput(nn.Module):
    """G with its output mapped to [0, 1], as ganforge's export appends (x + 1) / 2 to tanh generators."""

    def __init__(self, g, tanh):
        super().__init__()
        self.g = g
        self.tanh = tanh

    def forward(self, z):
        x = self.g(z)
        return (x + 1) / 2 if self.tanh else x


def export_onnx(g, cfg, path, metadata_from):
    """G in inference mode (batch-norm running statistics) as ONNX with inputs and output named as ganforge's
    export names them, plus the metadata_props of a ganforge model of the same architecture, appended as raw
    protobuf fields (ModelProto field 14) since Debian's torch ships without the onnx package."""
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    g.eval()
    torch.onnx.export(ImageOutput(g, cfg["tanh"]), torch.zeros(2, cfg["latent"]), path, input_names=["z"],
                      output_names=["samples"], dynamic_axes={"z": {0: "n"}, "samples": {0: "n"}}, opset_version=13)
    g.train()
    if metadata_from:
        with open(path, "ab") as f:
            f.write(b"".join(_field(14, entry) for entry in metadata_entries(metadata_from)))


def _varint(n):
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _field(number, payload):
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def _timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
