package dev.ganforge.trainer.cli;

import dev.ganforge.trainer.data.DatasetCatalog;
import dev.ganforge.trainer.evaluate.ClassifierStore;
import dev.ganforge.trainer.evaluate.ModelEvaluator;
import dev.ganforge.trainer.evaluate.GateMetric;
import dev.ganforge.trainer.evaluate.QualityGate;
import dev.ganforge.trainer.export.OnnxExporter;
import dev.ganforge.trainer.pipeline.DjlRetrainJob;
import dev.ganforge.trainer.pipeline.Heartbeat;
import dev.ganforge.trainer.pipeline.HeartbeatFile;
import dev.ganforge.trainer.pipeline.KafkaConnection;
import dev.ganforge.trainer.pipeline.ModelPublisher;
import dev.ganforge.trainer.pipeline.QualityPublishGate;
import dev.ganforge.trainer.pipeline.RetrainWorker;
import dev.ganforge.trainer.pipeline.VersionRetention;
import dev.ganforge.trainer.pipeline.WorkerSettings;
import dev.ganforge.trainer.train.GanTrainer;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ganforge worker}: the retraining service. */
@Command(name = "worker", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run retraining requests from Kafka (ganforge.retrain.requests) one at a time: train, export, "
                + "sign, publish, and report on ganforge.training.events (accepted, progress, published | rejected "
                + "| failed).",
            "Each request runs at most once, even if delivered twice; a worker stopped mid-training resumes the "
                    + "request from its checkpoints when started again. Stop with Ctrl-C / SIGTERM."})
public final class WorkerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "This worker's processed-request ids, and its run dirs unless --runs-dir (default: "
                    + "$GANFORGE_HOME/worker).")
    Path stateDir;

    @Option(names = "--runs-dir", paramLabel = "DIR",
            description = "One run dir per request (checkpoints, the trained model until it is published). Give every "
                    + "worker of a group the same shared directory (a ReadWriteMany volume) and a request whose worker "
                    + "was killed resumes on another from its checkpoints (default: STATE_DIR/runs).")
    Path runsDir;

    @Option(names = "--group", paramLabel = "ID", defaultValue = WorkerSettings.DEFAULT_GROUP,
            description = "Kafka consumer group; workers in one group share the requests (default: ${DEFAULT-VALUE}).")
    String group;

    @Option(names = "--progress-interval", paramLabel = "SECONDS", defaultValue = "2",
            description = "Least time between two progress events of a request (default: ${DEFAULT-VALUE}).")
    double progressSeconds;

    @Option(names = "--quality-tolerance", paramLabel = "FRACTION",
            defaultValue = "" + QualityGate.DEFAULT_TOLERANCE,
            description = "Refuse (event 'refused') a model whose quality figure (--quality-metric) is worse than the "
                    + "newest version's by more than this fraction (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--quality-metric", paramLabel = "NAME", defaultValue = "fid",
            description = "The figure the quality gate compares: fid, precision, recall, recognisable, label-fidelity, "
                    + "intra-class-fid, code-accuracy or curve-fit-fraction (default: ${DEFAULT-VALUE}; where the "
                    + "newest version lacks it, FID, or curve fit for curve models).")
    String qualityMetric;

    @Option(names = "--no-evaluate",
            description = "Skip evaluation after training: models carry no metrics and the quality gate lets them "
                    + "through.")
    boolean noEvaluate;

    @Option(names = "--keep-versions", paramLabel = "N",
            description = "After each publish, remove every version of that model but the newest N (signed "
                    + "tombstones), so the models topic, and with it every replica's start-up replay, stays bounded. "
                    + "Default: keep all.")
    Integer keepVersions;

    @Option(names = "--heartbeat-file", paramLabel = "PATH",
            description = "Rewrite PATH (new mtime) every few seconds while the worker polls Kafka, also while a "
                    + "request trains, and no more once it stops or fails: a liveness probe that checks the file's "
                    + "age restarts a hung worker (default: none).")
    Path heartbeatFile;

    @Mixin
    EngineThreadsOption threads;

    @Mixin
    SigningKeyOption key;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws Exception {
        GateMetric metric;
        try {
            metric = GateMetric.byOptionName(qualityMetric);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        VersionRetention retention = RetentionOption.parse(spec, "--keep-versions", keepVersions);
        // First thing: an unwritable path fails the start, and a file an earlier container left is replaced.
        Heartbeat heartbeat = heartbeatFile == null ? Heartbeat.NONE
                : new HeartbeatFile(heartbeatFile, HeartbeatFile.INTERVAL, Clock.systemUTC()).start();
        GanforgeHome home = GanforgeHome.resolve();
        Path state = stateDir != null ? stateDir : home.dir().resolve("worker");
        KafkaConnection connection = kafka.connection();
        Path runs = runsDir != null ? runsDir : WorkerSettings.defaultRunsDir(state);
        WorkerSettings settings = new WorkerSettings(group, state, runs,
                Duration.ofMillis(Math.round(progressSeconds * 1000)), "urn:ganforge:worker:" + hostName());
        DatasetCatalog datasets = new DatasetCatalog(home.dir());
        PrintWriter err = spec.commandLine().getErr();
        Consumer<String> log = line -> {
            err.println(line);
            err.flush();
        };
        ModelEvaluator evaluator = noEvaluate ? null : new ModelEvaluator(datasets,
                ClassifierStore.withDefaultBudget(home.dir(), log));
        DjlRetrainJob job = new DjlRetrainJob(new GanTrainer(datasets), evaluator,
                new OnnxExporter(Clock.systemUTC(), GanforgeVersion.current()));
        CountDownLatch finished = new CountDownLatch(1);
        try (ModelPublisher publisher = new ModelPublisher(connection, key.signer(), retention);
             RetrainWorker worker = new RetrainWorker(connection, job, publisher, settings,
                     new QualityPublishGate(tolerance, metric), heartbeat)) {
            // SIGTERM/Ctrl-C: leave the current request uncommitted (it resumes next time) and exit cleanly.
            Thread hook = new Thread(() -> {
                worker.stop();
                try {
                    finished.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "ganforge-worker-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            spec.commandLine().getErr().println("ganforge worker: " + connection.bootstrapServers() + ", group "
                    + group + ", state " + state + ", keeping " + retention.describe() + " of each model"
                    + (heartbeatFile != null ? ", heartbeat " + heartbeatFile : ""));
            spec.commandLine().getErr().flush();
            try {
                worker.run();
            } finally {
                finished.countDown();
                if (evaluator != null) {
                    evaluator.close();
                }
            }
        }
        return 0;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
