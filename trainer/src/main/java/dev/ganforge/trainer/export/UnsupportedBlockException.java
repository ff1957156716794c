package dev.ganforge.trainer.export;

/** The generator contains a block the ONNX translation has no mapping for. */
public final class UnsupportedBlockException extends IllegalArgumentException {

    public UnsupportedBlockException(String message) {
        super(message);
    }
}
