package dev.ganforge.shared.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Kafka broker for tests, started through {@code deploy/local/kafka} on free ports, with
 * its topics created. One per test class (startup costs seconds):
 *
 * <pre>{@code
 * @AutoClose
 * private static final LocalKafkaBroker broker = LocalKafkaBroker.start();
 * ... broker.bootstrapServers() ...
 * }</pre>
 *
 * {@link #stop()} / {@link #restart()} keep the data (a restart test sees the same log); {@link #close()} stops
 * and deletes it. A JVM shutdown hook closes brokers a crashed test left behind.
 */
public final class LocalKafkaBroker implements AutoCloseable {

    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);

    private final Path script;
    private final int port;
    private final int controllerPort;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private LocalKafkaBroker(Path script, int port, int controllerPort) {
        this.script = script;
        this.port = port;
        this.controllerPort = controllerPort;
        this.shutdownHook = new Thread(this::closeQuietly, "local-kafka-" + port + "-shutdown");
    }

    /** Starts a fresh broker on two free ports and waits until it answers and the topics exist. */
    public static LocalKafkaBroker start() {
        int[] ports = freePorts(2);
        LocalKafkaBroker broker = new LocalKafkaBroker(findScript(), ports[0], ports[1]);
        Runtime.getRuntime().addShutdownHook(broker.shutdownHook);
        broker.run("stop", "--purge");
        try {
            broker.startAgain();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /** {@code 127.0.0.1:PORT}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Stops the broker cleanly, keeping its data. */
    public void stop() {
        run("stop");
    }

    /** Starts it again after {@link #stop()} on the same ports and data; waits until it answers. */
    public void startAgain() {
        run("start", "--controller-port", String.valueOf(controllerPort));
    }

    public void restart() {
        stop();
        startAgain();
    }

    /** Stops the broker and deletes its data. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        run("stop", "--purge");
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or about to; nothing to remove
        }
    }

    private void closeQuietly() {
        try {
            closed = true;
            run("stop", "--purge");
        } catch (RuntimeException e) {
            System.err.println("could not stop test broker on port " + port + ": " + e.getMessage());
        }
    }

    private void run(String... args) {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--port", String.valueOf(port)));
        try {
            Path output = Files.createTempFile("local-kafka-", ".log");
            try {
                Process process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
                if (!process.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish within "
                            + SCRIPT_TIMEOUT + ":\n" + Files.readString(output, StandardCharsets.UTF_8));
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed (exit "
                            + process.exitValue() + "):\n" + Files.readString(output, StandardCharsets.UTF_8));
                }
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + script, e);
        }
    }

    /** Walks up from the working directory (a module dir under Maven) to the repository root. */
    private static Path findScript() {
        String configured = System.getProperty("ganforge.kafka.script");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("deploy/local/kafka");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("deploy/local/kafka not found above " + Path.of("").toAbsolutePath());
    }

    /** Held open together so the two ports differ; the race with other processes after closing is accepted. */
    private static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a probe socket cannot matter
                }
            }
        }
    }
}
