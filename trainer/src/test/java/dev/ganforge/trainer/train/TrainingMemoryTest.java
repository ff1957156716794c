package dev.ganforge.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Training holds a constant number of native arrays from its second iteration on, for every architecture and every
 * path through the loop: a count that grows leaked a weight-sized copy per iteration (issue: 25–35 MB per cdcgan
 * iteration until the kernel's OOM killer stopped the run).
 */
class TrainingMemoryTest {

    @TempDir
    Path tmp;

    static Stream<Arguments> paths() {
        return Stream.of(
                Arguments.of("cdcgan", "non-saturating", "ema=0.999"),
                Arguments.of("cdcgan", "minimax", "ema=0"),
                Arguments.of("dcgan", "non-saturating", "ema=0.999"),
                Arguments.of("dcgan-bn", "non-saturating", "ema=0.999"),
                Arguments.of("bn5", "non-saturating", "ema=0"),
                Arguments.of("infogan", "non-saturating", "ema=0.999"),
                Arguments.of("mlp", "non-saturating", "feature-matching=true"),
                Arguments.of("mlp", "wgan-gp", "feature-matching=false"),
                Arguments.of("curves", "hinge", "label-flip=0.05"),
                Arguments.of("curves", "wgan-gp", "ema=0"));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("paths")
    void liveArraysDoNotGrow(String arch, String loss, String extra) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("arch", arch, "loss", loss, "steps", "12",
                "batch-size", "8", "d-pretrain-steps", "2", "dataset", "curves".equals(arch) ? "curves" : "mnist",
                "limit", "256"));
        String[] kv = extra.split("=");
        options.put(kv[0], kv[1]);
        TrainConfig config = TrainConfig.fromOptions(options);
        List<Integer> counts = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onLiveArrays(long step, java.util.function.IntSupplier liveArrays) {
                counts.add(liveArrays.getAsInt());
            }
        };
        GanTrainer trainer = new GanTrainer("curves".equals(arch) ? new dev.ganforge.trainer.data.DatasetCatalog(tmp)
                : MnistDigits.catalog());
        trainer.train(config, tmp.resolve("run"), listener);
        assertEquals(12, counts.size());
        // The first iterations may make lazily created state (optimiser moments, EMA scalars); after that, none.
        assertEquals(counts.get(3), counts.get(counts.size() - 1), "live arrays per iteration: " + counts);
    }
}
