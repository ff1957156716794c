package dev.ganforge.trainer.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where {@code ganforge demo} keeps its state and what it will do. Everything lives under
 * {@code $GANFORGE_HOME/demo}, and the run directory is named by architecture and steps, so a second demo with
 * the same options finds the finished run and its exported model and publishes identical bytes ("unchanged").
 *
 * @param home     {@code $GANFORGE_HOME}
 * @param repoRoot the checkout holding {@code deploy/local/kafka}, {@code mvnw} and {@code generator-service}
 */
public record DemoPlan(Path home, Path repoRoot, String arch, long steps, int port, String bootstrap) {

    public static final String MODEL_NAME = "digits";
    public static final String DATASET = "mnist";

    public DemoPlan {
        if (steps <= 0) {
            throw new IllegalArgumentException("--steps must be positive, got " + steps);
        }
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be in 1..65535, got " + port);
        }
    }

    public Path demoDir() {
        return home.resolve("demo");
    }

    public Path keysDir() {
        return demoDir().resolve("keys");
    }

    public Path runDir() {
        return demoDir().resolve("runs").resolve(arch + "-" + steps);
    }

    /** The exported model, kept beside the run so a second demo republishes the very same bytes. */
    public Path onnxFile() {
        return runDir().resolve(MODEL_NAME + ".onnx");
    }

    public Path operatorTokenFile() {
        return demoDir().resolve("operator-token");
    }

    public Path logsDir() {
        return demoDir().resolve("logs");
    }

    public Path kafkaScript() {
        return repoRoot.resolve("deploy/local/kafka");
    }

    public Path serviceJar() {
        return repoRoot.resolve("generator-service/target/quarkus-app/quarkus-run.jar");
    }

    public String galleryUrl() {
        return "http://127.0.0.1:" + port + "/";
    }

    public String readinessUrl() {
        return "http://127.0.0.1:" + port + "/q/health/ready";
    }

    public String samplesUrl() {
        return "http://127.0.0.1:" + port + "/api/v1/models/" + MODEL_NAME + "/samples?count=16&seed=42";
    }

    public String retrainExample() {
        return "./ganforge retrain --model " + MODEL_NAME + " --arch " + arch + " --dataset " + DATASET
                + " --steps " + steps + " --seed 2 --wait --bootstrap " + bootstrap;
    }

    /** One line per step, in order; {@code --dry-run} prints exactly these. */
    public List<String> describe() {
        return List.of(
                "dataset   " + DATASET + " in " + home.resolve("datasets").resolve(DATASET) + " (fetched if missing)",
                "broker    " + kafkaScript() + " start (left alone if already running)",
                "keys      " + keysDir() + " (created if missing)",
                "train     " + arch + ", " + steps + " steps into " + runDir() + " (reused when finished)",
                "evaluate  the run: FID, label fidelity, recognisability (the quality gate's baseline; the reference "
                        + "classifier is trained once into " + home.resolve("classifiers") + ")",
                "export    " + onnxFile() + " (parity DJL vs ONNX Runtime)",
                "publish   model " + MODEL_NAME + " on " + bootstrap + " (identical bytes: unchanged)",
                "service   " + serviceJar() + " on port " + port + " (built if missing)",
                "worker    ganforge worker on " + bootstrap + " (evaluates every retrained model; the quality gate "
                        + "refuses one clearly worse than the version it would replace)",
                "ready     " + readinessUrl(),
                "gallery   " + galleryUrl());
    }

    /**
     * The checkout: system property {@code ganforge.root} (the launcher sets it), else the working directory or
     * its nearest parent holding {@code deploy/local/kafka}.
     */
    public static Path findRepoRoot() {
        String property = System.getProperty("ganforge.root");
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deploy/local/kafka"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the ganforge checkout (deploy/local/kafka): run ./ganforge demo "
                + "from the repository");
    }
}
