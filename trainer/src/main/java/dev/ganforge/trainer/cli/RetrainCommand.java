package dev.ganforge.trainer.cli;

import dev.ganforge.trainer.nn.Architectures;
import dev.ganforge.shared.event.CloudEvent;
import dev.ganforge.shared.event.EventTypes;
import dev.ganforge.shared.event.RetrainRequest;
import dev.ganforge.shared.event.TrainingAccepted;
import dev.ganforge.shared.event.TrainingFailed;
import dev.ganforge.shared.event.TrainingProgress;
import dev.ganforge.shared.event.TrainingPublished;
import dev.ganforge.shared.event.TrainingRefused;
import dev.ganforge.shared.event.TrainingRejected;
import dev.ganforge.trainer.pipeline.RequestFollower;
import dev.ganforge.trainer.pipeline.RetrainRequestSender;
import dev.ganforge.trainer.pipeline.TopicProvisioner;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ganforge retrain}: ask the worker(s) to train and publish a new version. */
@Command(name = "retrain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Send a retraining request (a CloudEvent on ganforge.retrain.requests) and print its id.",
            "A 'ganforge worker' trains it and reports on ganforge.training.events with the id as subject; with "
                + "--wait this command prints those events as they come and exits 0 only once the new version is "
                + "published (1 when it is refused by the quality gate, rejected or failed, or on --timeout)."})
public final class RetrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "NAME", description = "Model name to publish as.")
    String model;

    @Option(names = "--arch", required = true, paramLabel = "A", completionCandidates = Architectures.Names.class,
            description = "One of ${COMPLETION-CANDIDATES}.")
    String architecture;

    @Option(names = "--dataset", required = true, paramLabel = "D",
            description = "mnist, fashion-mnist, curves or idx:DIR (a path on the worker's machine).")
    String dataset;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Length length;

    static final class Length {
        @Option(names = "--epochs", paramLabel = "N", description = "Train this many epochs…")
        Integer epochs;

        @Option(names = "--steps", paramLabel = "N", description = "…or this many steps.")
        Long steps;
    }

    @Option(names = "--seed", required = true, paramLabel = "S", description = "Random seed.")
    long seed;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A training option as named by 'ganforge train' without dashes, e.g. --set lr-g=0.0002 "
                    + "--set batch-size=64. Repeatable.")
    Map<String, String> hyperparameters = new LinkedHashMap<>();

    @Option(names = {"--wait", "--follow"},
            description = "Follow the request: accepted, progress, then the published version or why not.")
    boolean follow;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2h", converter = DurationConverter.class,
            description = "With --wait: give up after this long (default 2h; e.g. 90s, 30m).")
    Duration timeout;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() {
        RetrainRequest request = new RetrainRequest(model, architecture, dataset, length.epochs, length.steps, seed,
                hyperparameters);
        List<String> problems = request.problems();
        if (!problems.isEmpty()) {
            throw new ParameterException(spec.commandLine(), String.join("; ", problems));
        }
        new TopicProvisioner(kafka.connection()).ensureTopics();
        PrintWriter out = spec.commandLine().getOut();
        if (!follow) {
            try (RetrainRequestSender sender = new RetrainRequestSender(kafka.connection())) {
                out.println(sender.send(request));
            }
            return 0;
        }
        // Opened before the send, so the worker's first event cannot come before we listen.
        try (RequestFollower follower = new RequestFollower(kafka.connection(), Duration.ofSeconds(30));
             RetrainRequestSender sender = new RetrainRequestSender(kafka.connection())) {
            String id = sender.send(request);
            out.println(id);
            out.flush();
            // On a terminal the bar is redrawn in place; piped, every event is a line of its own.
            boolean redraw = System.console() != null;
            boolean[] barShown = {false};
            CloudEvent outcome = follower.follow(id, timeout, event -> {
                boolean progress = EventTypes.PROGRESS.equals(event.type());
                if (redraw && progress) {
                    out.print("\r" + describe(event));
                } else {
                    out.println((barShown[0] ? System.lineSeparator() : "") + describe(event));
                }
                barShown[0] = redraw && progress;
                out.flush();
            }).orElseThrow(() -> new IllegalStateException("no outcome for request " + id + " within " + timeout
                    + " (is a 'ganforge worker' running? the request stays queued)"));
            if (!EventTypes.PUBLISHED.equals(outcome.type())) {
                throw new IllegalStateException("request " + id + " was not published: " + describe(outcome));
            }
        }
        return 0;
    }

    /** One line per event, as a person reads the request's life. */
    static String describe(CloudEvent event) {
        return switch (event.type()) {
            case EventTypes.ACCEPTED -> {
                TrainingAccepted a = event.dataAs(TrainingAccepted.class);
                yield "accepted: " + a.architecture() + " on " + a.dataset() + (a.resumed() ? " (resumed)" : "");
            }
            case EventTypes.PROGRESS -> ProgressBar.line(event.dataAs(TrainingProgress.class));
            case EventTypes.PUBLISHED -> {
                TrainingPublished p = event.dataAs(TrainingPublished.class);
                yield "published " + p.model() + " version " + p.version() + (p.unchanged() ? " (unchanged)" : "");
            }
            case EventTypes.PUBLISH_REFUSED -> {
                TrainingRefused r = event.dataAs(TrainingRefused.class);
                yield "refused by the quality gate: " + r.reason();
            }
            case EventTypes.REJECTED -> "rejected: " + String.join("; ", event.dataAs(TrainingRejected.class).reasons());
            case EventTypes.FAILED -> "failed: " + event.dataAs(TrainingFailed.class).error();
            default -> event.type();
        };
    }
}
