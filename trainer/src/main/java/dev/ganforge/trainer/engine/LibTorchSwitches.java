package dev.ganforge.trainer.engine;

import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.file.Path;

/**
 * The process-wide backend switches of libtorch that Python reaches as {@code torch.backends.mkldnn.enabled} and
 * {@code torch.backends.nnpack.set_flags}, and DJL does not expose. libtorch exports the C++ functions behind them;
 * JNA (DJL's own dependency) calls them by their mangled names, with the context as the implicit first argument.
 */
final class LibTorchSwitches {

    private static final String GLOBAL_CONTEXT = "_ZN2at13globalContextEv";
    private static final String SET_MKLDNN = "_ZN2at7Context20setUserEnabledMkldnnEb";
    private static final String SET_NNPACK = "_ZN2at7Context20setUserEnabledNNPACKEb";
    private static final String NNPACK_AVAILABLE = "_ZN2at6native17_nnpack_availableEv";

    private final NativeLibrary torch;

    private LibTorchSwitches(NativeLibrary torch) {
        this.torch = torch;
    }

    /**
     * The switches of the libtorch DJL loaded.
     *
     * @throws UnsatisfiedLinkError when that library cannot be opened
     */
    static LibTorchSwitches ofLoadedLibrary() {
        Path library = Path.of(LibUtils.getLibtorchPath()).resolve("libtorch_cpu.so");
        return new LibTorchSwitches(NativeLibrary.getInstance(library.toString()));
    }

    /** {@code torch.backends.mkldnn.enabled = enabled}: oneDNN kernels for convolutions and friends. */
    void oneDnn(boolean enabled) {
        contextSetter(SET_MKLDNN, enabled);
    }

    /** {@code torch.backends.nnpack.set_flags(enabled)}. */
    void nnpack(boolean enabled) {
        contextSetter(SET_NNPACK, enabled);
    }

    /** Whether NNPACK runs on this CPU; each call where it does not logs "Could not initialize NNPACK!". */
    boolean nnpackAvailable() {
        // A C++ bool comes back in the low byte only; the rest of the register is whatever was there.
        return (torch.getFunction(NNPACK_AVAILABLE).invokeInt(new Object[0]) & 0xFF) != 0;
    }

    private void contextSetter(String setter, boolean enabled) {
        Pointer context = torch.getFunction(GLOBAL_CONTEXT).invokePointer(new Object[0]);
        torch.getFunction(setter).invokeVoid(new Object[] {context, enabled});
    }
}
