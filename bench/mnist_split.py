#!/usr/bin/python3
"""ganforge's MNIST training split for Python tools (bench/pytorch_reference.py), and the check that it is still the
split the trainer draws. Needs numpy only, so CI can test it without torch (PytorchReferenceSplitTest).

HeldOutRule.java keeps one image in six for the reference classifier; Python cannot call it, so held_out() copies
it by hand. A ganforge model records the SHA-256 of the split it trained on (ImageDataset.java: the pixel bytes,
then the label bytes); comparing that with the copy's is what tells whether the copy still matches.

    /usr/bin/python3 bench/mnist_split.py --home ~/.ganforge [--model MODEL.onnx]

prints the split's fingerprint; with --model, exits 1 with the reason when the model trained on another split.
"""
import argparse
import hashlib
import os
import sys

import numpy as np

FINGERPRINT_KEY = "ganforge.datasetFingerprint"


def training_split(home):
    """MNIST's training split under GANFORGE_HOME `home`: uint8 pixels [n, 1, 28, 28], uint8 labels, fingerprint."""
    folder = os.path.join(home, "datasets", "mnist")
    with open(os.path.join(folder, "train-images-idx3-ubyte"), "rb") as f:
        raw = f.read()
    n = int.from_bytes(raw[4:8], "big")
    train = np.array([i for i in range(n) if not held_out(i)])
    pixels = np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(n, 1, 28, 28)[train]
    with open(os.path.join(folder, "train-labels-idx1-ubyte"), "rb") as f:
        labels = np.frombuffer(f.read(), dtype=np.uint8, offset=8, count=n)[train]
    fingerprint = hashlib.sha256(pixels.tobytes() + labels.tobytes()).hexdigest()
    return pixels, labels, fingerprint


def held_out(index):
    """HeldOutRule.java: one image in six, by SplitMix64's finaliser of its index, is the classifier's, not G's."""
    m = (1 << 64) - 1
    z = index
    z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & m
    z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & m
    return (z ^ (z >> 31)) % 6 == 0


def check_split(fingerprint, model_path):
    """Exits with the reason when the model at `model_path` records another training split than `fingerprint`."""
    for entry in metadata_entries(model_path):
        key, value = metadata_entry(entry)
        if key == FINGERPRINT_KEY and value != fingerprint:
            sys.exit(f"mnist_split: the training split here (SHA-256 {fingerprint[:12]}…) is not the one "
                     f"{model_path} trained on ({value[:12]}…): held_out() no longer matches HeldOutRule.java")


def metadata_entries(model_path):
    """The raw StringStringEntryProto payloads of a model's metadata_props (ModelProto field 14). Read by hand
    because Debian's torch ships without the onnx package."""
    with open(model_path, "rb") as f:
        data = f.read()
    entries, i = [], 0
    while i < len(data):
        key, i = read_varint(data, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            _, i = read_varint(data, i)
        elif wire == 2:
            length, i = read_varint(data, i)
            if number == 14:
                entries.append(data[i:i + length])
            i += length
        elif wire == 1:
            i += 8
        elif wire == 5:
            i += 4
        else:
            raise ValueError(f"unexpected wire type {wire} in {model_path}")
    return entries


def metadata_entry(payload):
    """(key, value) of a StringStringEntryProto: fields 1 and 2, both length-delimited."""
    fields, i = {}, 0
    while i < len(payload):
        key, i = read_varint(payload, i)
        length, i = read_varint(payload, i)
        fields[key >> 3] = payload[i:i + length].decode()
        i += length
    return fields.get(1), fields.get(2)


def read_varint(data, i):
    shift = result = 0
    while True:
        byte = data[i]
        i += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return result, i


def main():
    p = argparse.ArgumentParser(description="Prints the fingerprint of ganforge's MNIST training split.")
    p.add_argument("--home", default=os.environ.get("GANFORGE_HOME", os.path.expanduser("~/.ganforge")))
    p.add_argument("--model", metavar="MODEL.onnx", help="exit 1 if this model trained on another split")
    args = p.parse_args()
    _, _, fingerprint = training_split(args.home)
    if args.model:
        check_split(fingerprint, args.model)
    print(fingerprint)


if __name__ == "__main__":
    main()
