package dev.ganforge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/quality-report}'s machinery for real, on the curves model (seconds; no reference classifier to
 * train): a row trained, evaluated and rendered with the notes section kept; then a long run started in the
 * background, stopped with a checkpoint, shown as stopped, resumed from that checkpoint to a new budget, and
 * rendered as a finished row made of two segments. The image rows and the cdcgan long runs take the same paths
 * with other architectures and hours of training. A row stopped while it trains (Ctrl-C, SIGTERM) says how to go
 * on, and the rerun resumes it from its checkpoint.
 */
class QualityReportTest {

    private static final Duration LIMIT = Duration.ofMinutes(4);
    private static final String NOTES = "<!-- notes -->\n### A helper's subsection\nkept across reruns\n<!-- /notes -->";

    @TempDir
    Path dir;

    private final Path root = Path.of("..").toAbsolutePath().normalize();

    @AfterEach
    void stopTheLongRun() throws Exception {
        if (Files.exists(dir.resolve("work/curves-long/segment.pid"))) {
            run("stop-after", Map.of(), "--stop", "curves");
        }
    }

    @Test
    void rendersARowKeepsTheNotesAndALongRunStopsResumesAndJoinsTheDocument() throws Exception {
        ReactorBuild.trust(root, "trainer");
        Path doc = dir.resolve("quality.md");
        Files.writeString(doc, "# Sample quality\n\nstale figures\n\n" + NOTES + "\n");

        assertEquals(0, run("rows", Map.of("QUALITY_CURVES", "--steps 40"), "curves"), log("rows"));
        String text = Files.readString(doc);
        assertTrue(text.contains(NOTES), text);
        assertTrue(!text.contains("stale figures"), text);
        assertTrue(text.matches("(?s).*\\| curves \\| \\*\\*[0-9.]+%\\*\\* \\|.*\\| `--steps 40` \\| 40 \\|.*"), text);
        assertTrue(Files.size(dir.resolve("img/quality-curves-curves.png")) > 0);

        // A budget far beyond what the test waits for, stopped at its first checkpoint.
        Map<String, String> far = Map.of("QUALITY_LONG", "--steps 10000000 --checkpoint-every 50");
        assertEquals(0, run("long", far, "--long", "curves"), log("long"));
        Path longRun = dir.resolve("work/curves-long");
        await(() -> Files.exists(longRun.resolve("checkpoints/latest")), "a checkpoint of the long run");
        assertEquals(0, run("stop", far, "--stop", "curves"), log("stop"));
        long stoppedAt = lastOutcome(longRun, "stopped");
        assertTrue(stoppedAt > 0);
        assertEquals(0, run("status", far, "--status"), log("status"));
        assertTrue(log("status").contains("curves-long: stopped (resume"), log("status"));
        assertEquals(0, run("render", Map.of("QUALITY_MODELS", ""), "curves"), log("render"));
        assertTrue(Files.readString(doc).contains("| curves | stopped (resume: `scripts/quality-report --long curves`)"),
                Files.readString(doc));

        // Resumed with a budget it reaches soon: the checkpoint's step carries on to it.
        long target = stoppedAt + 300;
        Map<String, String> near = Map.of("QUALITY_LONG", "--steps " + target + " --checkpoint-every 50");
        assertEquals(0, run("resume", near, "--long", "curves"), log("resume"));
        await(() -> segmentEnded(longRun) && lastOutcomeOrZero(longRun, "done") > 0, "the resumed long run's end");
        String train = Files.readString(longRun.resolve("train.log"));
        assertEquals(target, lastOutcome(longRun, "done"), train);
        // It went on from the checkpoint: no iteration before the stop was trained twice.
        assertTrue(!train.substring(train.indexOf("stopped after")).matches("(?s).*\\[1\\]\\[50/.*"), train);

        assertEquals(0, run("finish", Map.of("QUALITY_MODELS", ""), "curves"), log("finish"));
        text = Files.readString(doc);
        assertTrue(text.matches("(?s).*\\| curves, long run \\| \\*\\*[0-9.]+%\\*\\* \\|.*\\| "
                + String.format("%,d", target) + " \\| [0-9]+ s \\(2 segments\\) / [0-9]+ s \\|.*"), text);
        assertTrue(text.contains(NOTES), text);
        assertTrue(Files.size(dir.resolve("img/quality-curves-long.png")) > 0);
    }

    @Test
    void aRowStoppedWhileTrainingSaysHowToGoOnAndTheRerunResumesIt() throws Exception {
        ReactorBuild.trust(root, "trainer");
        Map<String, String> env = Map.of("QUALITY_CURVES", "--steps 5000 --checkpoint-every 50");
        Path row = dir.resolve("work/curves-curves");
        Process first = start("first", env, "curves");
        await(() -> Files.exists(row.resolve("checkpoints/latest")) && Files.exists(row.resolve("train.pid")),
                "the row's first checkpoint");
        long trainer = Long.parseLong(Files.readString(row.resolve("train.pid")).trim());
        ProcessHandle.of(trainer).ifPresent(ProcessHandle::destroy); // SIGTERM, as Ctrl-C or a shutdown sends
        assertTrue(first.waitFor(LIMIT.toMinutes(), TimeUnit.MINUTES), log("first"));
        assertEquals(1, first.exitValue(), log("first"));
        assertTrue(log("first").contains("training curves curves stopped before its end: rerun to resume it"),
                log("first"));
        assertTrue(!log("first").contains("failed"), log("first"));
        long stoppedAt = lastOutcome(row, "stopped");
        assertTrue(stoppedAt < 5000, "stopped at " + stoppedAt);

        assertEquals(0, run("rerun", env, "curves"), log("rerun"));
        assertTrue(log("rerun").contains("ganforge train --resume"), log("rerun"));
        assertEquals(5000, lastOutcome(row, "done"));
        assertTrue(Files.exists(row.resolve("row.json")));
        assertTrue(Files.readString(dir.resolve("quality.md")).contains("| curves | "), log("rerun"));
    }

    /** The detached segment that trained the run has exited (the script then renders the run as finished). */
    private static boolean segmentEnded(Path run) throws IOException {
        long pid = Long.parseLong(Files.readString(run.resolve("segment.pid")).trim());
        return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    /** The iteration count of the run's last "done after N" or "stopped after N" line of that kind. */
    private static long lastOutcome(Path run, String outcome) throws IOException {
        long step = lastOutcomeOrZero(run, outcome);
        if (step == 0) {
            fail("no '" + outcome + " after' line in " + Files.readString(run.resolve("train.log")));
        }
        return step;
    }

    private static long lastOutcomeOrZero(Path run, String outcome) throws IOException {
        Matcher m = Pattern.compile("(?m)^(done|stopped) after (\\d+) iterations").matcher(
                Files.readString(run.resolve("train.log")));
        long step = 0;
        while (m.find()) {
            step = m.group(1).equals(outcome) ? Long.parseLong(m.group(2)) : 0;
        }
        return step;
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private void await(Condition condition, String what) throws Exception {
        Instant deadline = Instant.now().plus(LIMIT);
        while (!condition.holds()) {
            if (Instant.now().isAfter(deadline)) {
                fail("no " + what + " within " + LIMIT + log("train"));
            }
            TimeUnit.MILLISECONDS.sleep(20); // paces the poll; the loop ends on the condition or the deadline
        }
    }

    private int run(String name, Map<String, String> env, String... args) throws Exception {
        Process process = start(name, env, args);
        if (!process.waitFor(LIMIT.toMinutes(), TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("scripts/quality-report " + String.join(" ", args) + " did not finish within " + LIMIT + log(name));
        }
        return process.exitValue();
    }

    private Process start(String name, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("scripts/quality-report"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        Map<String, String> environment = builder.environment();
        environment.put("GANFORGE_HOME", dir.resolve("home").toString());
        environment.put("GANFORGE_THREADS", "1");
        environment.put("QUALITY_WORK", dir.resolve("work").toString());
        environment.put("QUALITY_DOC", dir.resolve("quality.md").toString());
        environment.put("QUALITY_IMG", dir.resolve("img").toString());
        environment.put("QUALITY_SAMPLES", "200");
        environment.putAll(env);
        return builder.start();
    }

    private String log(String name) {
        Path file = name.equals("train") ? dir.resolve("work/curves-long/train.log") : dir.resolve(name + ".log");
        try {
            return Files.exists(file) ? "\n--- " + name + "\n" + Files.readString(file) : "";
        } catch (IOException e) {
            return "\n--- " + name + ": unreadable";
        }
    }
}
