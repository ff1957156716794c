package dev.ganforge.trainer.engine;

import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses oneDNN's instruction set before libtorch loads, for CPUs where its widest convolution kernels are wrong.
 *
 * <p>Why a child process: oneDNN reads {@code ONEDNN_MAX_CPU_ISA} once, at its first convolution, so a process
 * cannot test its kernels and then pick others. A child JVM on the same classpath runs {@link ConvolutionCheck}'s
 * convolutions with oneDNN's defaults; where they are wrong, this process sets {@code ONEDNN_MAX_CPU_ISA=SSE41}
 * (the one cap that was right on the CPU that showed the fault) before libtorch loads. That keeps oneDNN, 3.5×
 * faster there than PyTorch's own convolution, which {@link ConvolutionCheck} falls back to if SSE4.1 is wrong too.
 * The verdict is cached per CPU model, flags and libtorch build under the temporary directory, so only the first
 * process after a boot pays for the child (about two seconds). A value the user set is left alone.
 */
final class OneDnnProbe {

    private static final Logger LOG = LoggerFactory.getLogger(OneDnnProbe.class);

    static final String VARIABLE = "ONEDNN_MAX_CPU_ISA";
    static final String SAFE_ISA = "SSE41";
    private static final String DEFAULTS_RIGHT = "default";
    private static final String RESULT_PREFIX = "convolution-error=";
    private static final long CHILD_TIMEOUT_SECONDS = 120;
    private static final String NATIVE_PROPERTIES = "/native/lib/pytorch.properties";

    private final Path cacheDir;

    OneDnnProbe(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    static OneDnnProbe inTemporaryDirectory() {
        return new OneDnnProbe(Path.of(System.getProperty("java.io.tmpdir"),
                "ganforge-" + System.getProperty("user.name", "user"), "onednn"));
    }

    /** Sets {@code ONEDNN_MAX_CPU_ISA} here where oneDNN's defaults convolve wrongly; call before libtorch loads. */
    void applyBeforeLibtorchLoads() {
        if (System.getenv(VARIABLE) != null || libtorchLoaded()) {
            return;
        }
        if (SAFE_ISA.equals(verdict())) {
            LOG.warn("PyTorch's oneDNN convolution is wrong on this CPU with its default kernels (checked in a child "
                    + "process); limiting oneDNN to {}={}", VARIABLE, SAFE_ISA);
            setenv(VARIABLE, SAFE_ISA);
        }
    }

    /** {@value #SAFE_ISA} or {@value #DEFAULTS_RIGHT}: from the cache, else from a child process (then cached). */
    String verdict() {
        Path cached = cacheDir.resolve("convolution-" + machineKey());
        try {
            if (Files.isRegularFile(cached)) {
                return Files.readString(cached).strip();
            }
        } catch (IOException e) {
            LOG.debug("oneDNN probe cache {} unreadable", cached, e);
        }
        Optional<Double> error;
        try {
            error = childError();
        } catch (IOException e) {
            LOG.debug("oneDNN probe could not start a child JVM", e);
            error = Optional.empty();
        }
        if (error.isEmpty()) {
            return DEFAULTS_RIGHT; // ConvolutionCheck still checks in this process, and falls back if need be
        }
        String verdict = verdict(error.get());
        try {
            Files.createDirectories(cacheDir);
            Path temporary = Files.createTempFile(cacheDir, "convolution-", ".tmp");
            Files.writeString(temporary, verdict);
            Files.move(temporary, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.debug("oneDNN probe verdict not cached in {} (read-only?); the next process probes again", cacheDir, e);
        }
        return verdict;
    }

    static String verdict(double error) {
        // NaN is wrong, hence not '<='.
        return error <= ConvolutionCheck.TOLERANCE ? DEFAULTS_RIGHT : SAFE_ISA;
    }

    /** The child's {@link ConvolutionCheck#worstError()} with oneDNN's defaults, empty when it did not report one. */
    static Optional<Double> childError() throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Whatever chose this process's libtorch (cache dir, offline mode, thread counts) must choose the child's.
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("ai.djl."))
                .sorted().forEach(name -> command.add("-D" + name + "=" + System.getProperty(name)));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(OneDnnProbe.class.getName());
        // Into a file, not a pipe: a hung child must not block the read past the timeout.
        Path log = Files.createTempFile("ganforge-onednn-probe-", ".log");
        String output;
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().remove(VARIABLE);
            Process child = builder.start();
            try {
                if (!child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                    return Optional.empty();
                }
            } catch (InterruptedException e) {
                child.destroyForcibly();
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            output = Files.readString(log);
        } finally {
            Files.deleteIfExists(log);
        }
        Optional<Double> error = output.lines().filter(line -> line.startsWith(RESULT_PREFIX))
                .map(line -> Double.parseDouble(line.substring(RESULT_PREFIX.length()))).findFirst();
        if (error.isEmpty()) {
            LOG.debug("oneDNN probe reported nothing: {}", output);
        }
        return error;
    }

    /** The child: one line with the worst relative error of the check's convolutions. */
    public static void main(String[] args) {
        System.out.println(RESULT_PREFIX + ConvolutionCheck.worstError());
    }

    /** Whether libtorch is mapped into this process already, too late to choose oneDNN's instruction set. */
    static boolean libtorchLoaded() {
        try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
            return maps.anyMatch(line -> line.endsWith("/libtorch_cpu.so"));
        } catch (IOException | UncheckedIOException e) {
            return true; // cannot tell: do not pretend to choose
        }
    }

    /** CPU model, its flags and the libtorch build: what decides whether oneDNN's kernels are right. */
    static String machineKey() {
        // The check's own version too: a verdict cached before it checked input gradients says nothing of them.
        StringBuilder identity = new StringBuilder("check: forward and input gradient\n");
        try (Stream<String> cpuinfo = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpuinfo.takeWhile(line -> !line.isBlank())
                    .filter(line -> line.matches("(vendor_id|cpu family|model|model name|stepping|flags)\\s*:.*"))
                    .forEach(line -> identity.append(line).append('\n'));
        } catch (IOException | UncheckedIOException e) {
            identity.append("no cpuinfo\n");
        }
        identity.append(System.getProperty("os.arch")).append('\n')
                .append(System.getenv("PYTORCH_LIBRARY_PATH")).append('\n')
                .append(System.getenv("PYTORCH_VERSION")).append('\n');
        // The native jar's version and flavour; read without loading libtorch, which the key must precede.
        try (InputStream natives = OneDnnProbe.class.getResourceAsStream(NATIVE_PROPERTIES)) {
            if (natives != null) {
                identity.append(new String(natives.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            identity.append("no ").append(NATIVE_PROPERTIES).append('\n');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.toString()
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** libc's setenv: what native code reads through getenv, unlike Java's own copy of the environment. */
    private static void setenv(String name, String value) {
        NativeLibrary.getInstance("c").getFunction("setenv").invokeInt(new Object[] {name, value, 1});
    }
}
