package dev.ganforge.trainer.cli;

import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.shared.onnx.OnnxModelReader;
import dev.ganforge.trainer.data.DatasetCatalog;
import dev.ganforge.trainer.data.MnistFetcher;
import dev.ganforge.trainer.demo.ChildProcess;
import dev.ganforge.trainer.demo.ControllerPort;
import dev.ganforge.trainer.demo.DemoPlan;
import dev.ganforge.trainer.demo.DemoServices;
import dev.ganforge.trainer.demo.ReadinessProbe;
import dev.ganforge.trainer.evaluate.ClassifierStore;
import dev.ganforge.trainer.evaluate.EvaluatedModel;
import dev.ganforge.trainer.evaluate.EvaluationReport;
import dev.ganforge.trainer.evaluate.EvaluationSummary;
import dev.ganforge.trainer.evaluate.ModelEvaluator;
import dev.ganforge.trainer.export.ExportResult;
import dev.ganforge.trainer.export.OnnxExporter;
import dev.ganforge.trainer.nn.Architectures;
import dev.ganforge.trainer.pipeline.KafkaConnection;
import dev.ganforge.trainer.pipeline.ModelPublisher;
import dev.ganforge.trainer.pipeline.PublishResult;
import dev.ganforge.trainer.pipeline.RequestFollower;
import dev.ganforge.trainer.pipeline.SigningKeyFiles;
import dev.ganforge.trainer.pipeline.TopicProvisioner;
import dev.ganforge.trainer.train.ConsoleProgress;
import dev.ganforge.trainer.train.GanTrainer;
import dev.ganforge.trainer.train.RunManifest;
import dev.ganforge.trainer.train.TrainConfig;
import dev.ganforge.trainer.train.TrainingRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ganforge demo}: the whole system on one machine. Each step reuses what an earlier demo left (data, keys,
 * the finished run and its exported model), so a second run goes straight to serving.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train, publish and serve on a local broker: fetch MNIST, start the broker, create keys, "
                + "train a conditional DCGAN, export it to ONNX, sign and publish it as model 'digits', start the "
                + "generator service and a retraining worker, and print the gallery URL.",
            "State lives in $GANFORGE_HOME/demo. Ctrl-C stops everything the demo started."})
public final class DemoCommand implements Callable<Integer> {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    @Spec
    CommandSpec spec;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "100",
            description = "Training iterations (default: ${DEFAULT-VALUE}: a few minutes on 2 idle CPU cores, "
                    + "blurry digits; more steps, better digits).")
    long steps;

    @Option(names = "--arch", paramLabel = "ARCH", defaultValue = "cdcgan",
            description = "Image architecture: cdcgan, dcgan or mlp (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "HTTP port of the generator service (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "9092",
            description = "Port of the local broker (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--dry-run", description = "Print the steps and paths, do nothing.")
    boolean dryRun;

    @picocli.CommandLine.Mixin
    EngineThreadsOption threads;

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        if (!Architectures.names().contains(arch) || TrainConfig.CURVES_DATASET.equals(arch)) {
            throw new IllegalArgumentException("--arch must be an image architecture (cdcgan, dcgan, mlp), got '"
                    + arch + "'");
        }
        DemoPlan plan = new DemoPlan(GanforgeHome.resolve().dir(), DemoPlan.findRepoRoot(), arch, steps, port,
                "127.0.0.1:" + kafkaPort);
        if (dryRun) {
            plan.describe().forEach(out::println);
            return 0;
        }
        // The demo prints its steps; what the engine and the clients log goes to this file (before anything logs).
        EngineLogs.toFile(Files.createDirectories(plan.logsDir()).resolve("demo.log"));
        DemoServices services = new DemoServices(out);
        ConsoleProgress progress = new ConsoleProgress(out, System.console() != null, 50);
        Thread hook = new Thread(() -> {
            progress.requestStop();
            services.stopAll();
        }, "ganforge-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            fetchData(plan);
            startBroker(plan, services);
            Path privateKey = ensureKeys(plan);
            Path onnx = trainAndExport(plan, progress);
            if (onnx == null) {
                return 1;
            }
            publish(plan, privateKey, onnx);
            String token = operatorToken(plan);
            ChildProcess service = startService(plan, token, services);
            ChildProcess worker = startWorker(plan, privateKey, services);
            step("ready", "waiting for " + plan.readinessUrl() + " …");
            if (!new ReadinessProbe(plan.readinessUrl()).await(service, READY_TIMEOUT)) {
                throw new IllegalStateException("the generator service did not become ready within "
                        + READY_TIMEOUT.toSeconds() + " s (log: " + service.log() + ")");
            }
            printSummary(plan, token, services);
            followOutcomes(plan, services);
            CompletableFuture.anyOf(service.onExit(), worker.onExit()).join();
            if (services.stopping()) {
                return 0;
            }
            ChildProcess dead = service.isAlive() ? worker : service;
            throw new IllegalStateException(dead.name() + " exited with status " + dead.exitValue() + " (log: "
                    + dead.log() + ")");
        } finally {
            services.stopAll();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
        }
    }

    private void fetchData(DemoPlan plan) {
        DatasetCatalog catalog = new DatasetCatalog(plan.home());
        step("dataset", new MnistFetcher(catalog.mnistDir()).fetch(false));
    }

    private void startBroker(DemoPlan plan, DemoServices services) throws IOException, InterruptedException {
        String kafka = plan.kafkaScript().toString();
        String portArg = Integer.toString(kafkaPort);
        if (runQuietly(plan, "broker-status", List.of(kafka, "status", "--port", portArg)) == 0) {
            step("broker", "already running on " + plan.bootstrap() + " (left running at the end)");
            return;
        }
        step("broker", "starting on " + plan.bootstrap() + " …");
        services.brokerStarted(plan.kafkaScript(), kafkaPort);
        String controllerArg = Integer.toString(ControllerPort.beside(kafkaPort));
        if (runQuietly(plan, "broker-start", List.of(kafka, "start", "--port", portArg, "--controller-port",
                controllerArg)) != 0) {
            throw new IllegalStateException("the local broker did not start (log: "
                    + plan.logsDir().resolve("broker-start.log") + ")");
        }
        step("broker", "running on " + plan.bootstrap());
    }

    private Path ensureKeys(DemoPlan plan) throws IOException {
        Path privateKey = plan.keysDir().resolve(SigningKeyFiles.PRIVATE_FILE);
        if (Files.exists(privateKey)) {
            step("keys", "reusing " + privateKey);
        } else {
            SigningKeyFiles.generate(plan.keysDir());
            step("keys", "created " + privateKey);
        }
        return privateKey;
    }

    /** The exported model, or null when training was interrupted (Ctrl-C): nothing is left to serve. */
    private Path trainAndExport(DemoPlan plan, ConsoleProgress progress) throws Exception {
        Path onnx = plan.onnxFile();
        if (Files.exists(onnx)) {
            step("train", "reusing the finished run " + plan.runDir());
            step("export", "reusing " + onnx);
            return onnx;
        }
        GanTrainer trainer = new GanTrainer(new DatasetCatalog(plan.home()));
        TrainingRun run;
        if (Files.exists(plan.runDir().resolve("run.json"))) {
            step("train", "resuming " + plan.runDir() + " up to " + steps + " steps");
            run = trainer.resume(plan.runDir(), config -> config.steps(steps), progress);
        } else {
            step("train", arch + " on " + DemoPlan.DATASET + ", " + steps + " steps into " + plan.runDir());
            TrainConfig config = TrainConfig.recipe(arch, DemoPlan.DATASET).steps(steps).build();
            run = trainer.train(config, plan.runDir(), progress);
        }
        out.println();
        if (run.interrupted()) {
            step("train", "stopped at step " + run.step() + "; the next demo resumes it");
            return null;
        }
        step("train", "done after " + run.step() + " steps");
        boolean ema = RunManifest.keptEma(plan.runDir());
        evaluate(plan, ema);
        ExportResult result = new OnnxExporter(Clock.systemUTC(), GanforgeVersion.current())
                .export(plan.runDir(), ema, DemoPlan.MODEL_NAME);
        Path partial = Files.createTempFile(onnx.getParent(), onnx.getFileName().toString(), ".partial");
        try {
            Files.write(partial, result.onnx());
            Files.move(partial, onnx, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        step("export", String.format(Locale.ROOT, "%s, %d bytes; parity DJL vs ONNX Runtime: max |diff| %.3g",
                onnx, result.onnx().length, result.parityMaxAbsDiff()));
        return onnx;
    }

    /**
     * Version 1 carries its figures like every later one, so the worker's quality gate has something to compare a
     * retrained model with: a worse one is refused instead of replacing it. The reference classifier is trained on
     * first use and cached in $GANFORGE_HOME/classifiers.
     */
    private void evaluate(DemoPlan plan, boolean ema) throws Exception {
        step("evaluate", "FID, label fidelity and recognisability of the run (the quality gate's baseline) …");
        ClassifierStore classifiers = ClassifierStore.withDefaultBudget(plan.home(), line -> step("evaluate", line));
        try (ModelEvaluator evaluator = new ModelEvaluator(new DatasetCatalog(plan.home()), classifiers);
             EvaluatedModel model = EvaluatedModel.open(plan.runDir(), ema)) {
            EvaluationReport report = evaluator.evaluate(model, null, ModelEvaluator.DEFAULT_SAMPLES,
                    ModelEvaluator.DEFAULT_SEED);
            report.write(plan.runDir().resolve(EvaluationReport.FILE));
            step("evaluate", EvaluationSummary.oneLine(report));
        }
    }

    /** Tells the user, as it happens, what became of each retraining request: published, or why not. */
    private void followOutcomes(DemoPlan plan, DemoServices services) {
        Thread follower = new Thread(() -> {
            try (RequestFollower outcomes = new RequestFollower(new KafkaConnection(plan.bootstrap()),
                    java.time.Duration.ofSeconds(30))) {
                outcomes.followOutcomes(services::stopping,
                        event -> step("retrain", event.subject() + ": " + RetrainCommand.describe(event)));
            } catch (RuntimeException e) {
                if (!services.stopping()) {
                    step("retrain", "no longer following outcomes: " + e.getMessage());
                }
            }
        }, "ganforge-demo-outcomes");
        follower.setDaemon(true);
        follower.start();
    }

    private void publish(DemoPlan plan, Path privateKey, Path onnxFile) throws IOException {
        byte[] onnx = Files.readAllBytes(onnxFile);
        ModelMetadata metadata = OnnxModelReader.read(onnx).ganforgeMetadata();
        KafkaConnection connection = new KafkaConnection(plan.bootstrap());
        new TopicProvisioner(connection).ensureTopics();
        try (ModelPublisher publisher = new ModelPublisher(connection, SigningKeyFiles.signer(privateKey))) {
            PublishResult result = publisher.publish(DemoPlan.MODEL_NAME, onnx, metadata);
            step("publish", result.describe());
        }
    }

    private static String operatorToken(DemoPlan plan) throws IOException {
        Path file = plan.operatorTokenFile();
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        }
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        Files.createDirectories(file.getParent());
        Files.writeString(file, token + "\n", StandardCharsets.US_ASCII);
        return token;
    }

    private ChildProcess startService(DemoPlan plan, String token, DemoServices services)
            throws IOException, InterruptedException {
        if (!Files.exists(plan.serviceJar())) {
            step("service", "building generator-service (once; a few minutes) …");
            int status = runQuietly(plan, "service-build",
                    List.of(plan.repoRoot().resolve("mvnw").toString(), "-q", "-B", "-ntp", "-pl", "generator-service",
                            "-am", "package", "-DskipTests"));
            if (status != 0 || !Files.exists(plan.serviceJar())) {
                throw new IllegalStateException("building generator-service failed (log: "
                        + plan.logsDir().resolve("service-build.log") + ")");
            }
        }
        Path publicKey = plan.keysDir().resolve(SigningKeyFiles.PUBLIC_FILE);
        ChildProcess service = ChildProcess.start("generator service",
                List.of(javaBinary(), "-jar", plan.serviceJar().toString()),
                Map.of("KAFKA_BOOTSTRAP_SERVERS", plan.bootstrap(),
                        "GANFORGE_TRUST_PUBLIC_KEY_FILES", publicKey.toString(),
                        "GANFORGE_AUTH_OPERATOR_TOKENS", token,
                        "QUARKUS_HTTP_PORT", Integer.toString(port)),
                plan.repoRoot(), plan.logsDir().resolve("service.log"));
        services.add(service);
        step("service", "started (pid " + service.pid() + ", log " + service.log() + ")");
        return service;
    }

    /** The worker trains in its own JVM: it gets this demo's --threads through the variable its option reads. */
    private static Map<String, String> workerEnvironment() {
        String threads = System.getProperty(EngineThreadsOption.INTRA_OP);
        return threads == null ? Map.of() : Map.of("GANFORGE_THREADS", threads);
    }

    private ChildProcess startWorker(DemoPlan plan, Path privateKey, DemoServices services) throws IOException {
        // A child JVM on this very classpath: its shutdown (SIGTERM) path is the worker command's own.
        ChildProcess worker = ChildProcess.start("worker",
                List.of(javaBinary(), "-Dai.djl.offline=true", "-Djava.awt.headless=true",
                        "-D" + GanforgeHome.PROPERTY + "=" + plan.home(),
                        "-cp", System.getProperty("java.class.path"), GanforgeCommand.class.getName(),
                        "worker", "--verbose", "--key", privateKey.toString(), "--bootstrap", plan.bootstrap()),
                workerEnvironment(), plan.repoRoot(), plan.logsDir().resolve("worker.log"));
        services.add(worker);
        step("worker", "started (pid " + worker.pid() + ", log " + worker.log() + ")");
        return worker;
    }

    private void printSummary(DemoPlan plan, String token, DemoServices services) {
        step("ready", "generator service is UP");
        out.println();
        out.println("gallery   " + plan.galleryUrl());
        out.println("samples   curl '" + plan.samplesUrl() + "' -o grid.png");
        out.println("operator  token " + token + " (Authorization: Bearer …)");
        out.println("retrain   " + plan.retrainExample());
        out.println("Ctrl-C stops the service, the worker" + (services.ownsBroker() ? " and the broker."
                : "; the broker keeps running (it ran before the demo)."));
        out.flush();
    }

    /** Runs a short helper command with its output in a log file; its exit status. */
    private static int runQuietly(DemoPlan plan, String name, List<String> command)
            throws IOException, InterruptedException {
        Path log = plan.logsDir().resolve(name + ".log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).directory(plan.repoRoot().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void step(String name, String text) {
        out.printf("%-9s %s%n", name, text);
        out.flush();
    }
}
