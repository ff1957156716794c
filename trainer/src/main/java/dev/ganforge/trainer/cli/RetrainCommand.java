package dev.ganforge.trainer.cli;

import dev.ganforge.shared.event.RetrainRequest;
import dev.ganforge.trainer.pipeline.RetrainRequestSender;
import dev.ganforge.trainer.pipeline.TopicProvisioner;
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
            "A 'ganforge worker' trains it and reports on ganforge.training.events with the id as subject."})
public final class RetrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "NAME", description = "Model name to publish as.")
    String model;

    @Option(names = "--arch", required = true, paramLabel = "A", description = "mlp, cdcgan, dcgan or curves.")
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
        try (RetrainRequestSender sender = new RetrainRequestSender(kafka.connection())) {
            spec.commandLine().getOut().println(sender.send(request));
        }
        return 0;
    }
}
