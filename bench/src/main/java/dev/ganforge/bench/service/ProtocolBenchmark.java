package dev.ganforge.bench.service;

import dev.ganforge.bench.Median;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Every protocol at every batch size against one service and model, in rounds: within a round each batch size runs
 * every protocol back to back, starting with a different protocol each round, so drifts in the machine's load fall
 * on all protocols alike. The figures per cell are the medians over the rounds, with their ranges.
 */
public final class ProtocolBenchmark {

    /** One protocol at one batch size. */
    public record Cell(Protocol protocol, int batch) {
    }

    /** A cell's figure over the rounds: median, least, most. */
    public record Spread(double median, double min, double max) {

        static Spread of(List<LoadResult> results, ToDoubleFunction<LoadResult> figure) {
            double[] values = results.stream().mapToDouble(figure).toArray();
            return new Spread(Median.of(Arrays.stream(values)),
                    Arrays.stream(values).min().orElse(Double.NaN),
                    Arrays.stream(values).max().orElse(Double.NaN));
        }
    }

    /** A cell's result over the rounds. */
    public record Summary(Cell cell, Spread samplesPerSecond, Spread p50Millis, Spread p99Millis, long errors) {
    }

    /** Called after each measured cell, for progress. */
    @FunctionalInterface
    public interface Progress {
        void measured(int round, Cell cell, LoadResult result);
    }

    private final LoadClient load;
    private final ProtocolClients clients;

    public ProtocolBenchmark(LoadClient load, ProtocolClients clients) {
        this.load = load;
        this.clients = clients;
    }

    /** Runs {@code rounds} rounds of every protocol at every batch size under {@code plan}. */
    public List<Summary> run(List<Protocol> protocols, List<Integer> batches, LoadPlan plan, int rounds,
                             Progress progress) throws InterruptedException {
        connect(protocols);
        Map<Cell, List<LoadResult>> results = new LinkedHashMap<>();
        for (int batch : batches) {
            for (Protocol protocol : protocols) {
                results.put(new Cell(protocol, batch), new ArrayList<>());
            }
        }
        for (int round = 1; round <= rounds; round++) {
            List<Protocol> order = new ArrayList<>(protocols);
            Collections.rotate(order, -(round - 1));
            for (int batch : batches) {
                for (Protocol protocol : order) {
                    Cell cell = new Cell(protocol, batch);
                    LoadResult result = load.run(clients.exchange(protocol, batch), plan, batch);
                    results.get(cell).add(result);
                    progress.measured(round, cell, result);
                }
            }
        }
        return summaries(results);
    }

    /**
     * One untimed request in each protocol first: opens the gRPC channel and loads its classes, which would
     * otherwise fall into the first gRPC window, and turns a protocol that does not answer into one error.
     */
    private void connect(List<Protocol> protocols) throws InterruptedException {
        for (Protocol protocol : protocols) {
            String failure = clients.exchange(protocol, 1).call();
            if (failure != null) {
                throw new IllegalStateException(protocol.label() + " does not answer: " + failure);
            }
        }
    }

    private static List<Summary> summaries(Map<Cell, List<LoadResult>> results) {
        return results.entrySet().stream().map(e -> new Summary(e.getKey(),
                Spread.of(e.getValue(), LoadResult::samplesPerSecond), Spread.of(e.getValue(), LoadResult::p50Millis),
                Spread.of(e.getValue(), LoadResult::p99Millis),
                e.getValue().stream().mapToLong(LoadResult::errors).sum())).toList();
    }
}
