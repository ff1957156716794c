package dev.ganforge.service.model;

/** Turns verified ONNX bytes into a runnable {@link Generator}, rejecting graphs that do not fit their metadata. */
@FunctionalInterface
public interface GeneratorLoader {

    Generator load(VerifiedRecord record) throws ModelRejectedException;
}
