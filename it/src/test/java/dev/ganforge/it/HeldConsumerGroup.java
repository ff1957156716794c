package dev.ganforge.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Holds back every other consumer that joins a consumer group on a topic, with Kafka's own group protocol: a member
 * (kcat) takes the topic's partitions and is then frozen (SIGSTOP), so a newcomer's join waits while the coordinator
 * waits for the frozen member to rejoin (up to its session timeout). {@link #close()} thaws it and lets it leave the
 * group, and the newcomer gets the partitions. Offsets are never committed, so the newcomer reads from where it would
 * have anyway.
 */
final class HeldConsumerGroup implements AutoCloseable {

    /** Longer than anything the test does while holding; the broker allows up to 30 minutes. */
    private static final Duration SESSION = Duration.ofMinutes(4);

    final String group;
    private final Process member;
    private final Path log;

    private HeldConsumerGroup(String group, Process member, Path log) {
        this.group = group;
        this.member = member;
        this.log = log;
    }

    static HeldConsumerGroup holding(Loopback loopback, String group, String topic) throws Exception {
        Path log = loopback.dir.resolve("held-" + group + ".log");
        Process member = new ProcessBuilder("kcat", "-b", loopback.bootstrap, "-G", group, "-X",
                "enable.auto.commit=false", "-X", "session.timeout.ms=" + SESSION.toMillis(), "-X",
                "max.poll.interval.ms=" + SESSION.plusMinutes(1).toMillis(), topic)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HeldConsumerGroup held = new HeldConsumerGroup(group, member, log);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (!Files.readString(log).contains("assigned: " + topic)) {
            if (!member.isAlive() || Instant.now().isAfter(deadline)) {
                held.close();
                fail("kcat did not join group " + group + ": " + Files.readString(log));
            }
            TimeUnit.MILLISECONDS.sleep(50); // paces the poll
        }
        signal("STOP", member);
        return held;
    }

    @Override
    public void close() throws Exception {
        if (member.isAlive()) {
            signal("CONT", member);
            member.destroy(); // SIGTERM: kcat closes its consumer, which leaves the group
            if (!member.waitFor(1, TimeUnit.MINUTES)) {
                member.destroyForcibly();
                fail("kcat did not leave group " + group + ": " + Files.readString(log));
            }
        }
    }

    private static void signal(String signal, Process process) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + signal);
    }
}
