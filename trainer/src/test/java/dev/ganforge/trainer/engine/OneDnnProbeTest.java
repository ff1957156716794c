package dev.ganforge.trainer.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OneDnnProbeTest {

    @TempDir
    Path cache;

    @Test
    void wrongOrNanConvolutionsAskForTheSafeInstructionSet() {
        assertEquals("default", OneDnnProbe.verdict(1e-7));
        assertEquals(OneDnnProbe.SAFE_ISA, OneDnnProbe.verdict(0.18));
        assertEquals(OneDnnProbe.SAFE_ISA, OneDnnProbe.verdict(Double.NaN));
    }

    @Test
    void aChildProcessReportsOneDnnsDefaultsAndTheVerdictIsCachedPerMachine() throws Exception {
        Optional<Double> childError = OneDnnProbe.childError();
        assertTrue(childError.isPresent(), "the child JVM reported its convolution error");

        OneDnnProbe probe = new OneDnnProbe(cache);
        String verdict = probe.verdict();

        assertEquals(OneDnnProbe.verdict(childError.get()), verdict);
        Path cached = cache.resolve("convolution-" + OneDnnProbe.machineKey());
        assertEquals(verdict, Files.readString(cached));
        // Read back from the cache, not probed again: a verdict written there is what comes back.
        String other = verdict.equals("default") ? OneDnnProbe.SAFE_ISA : "default";
        Files.writeString(cached, other);
        assertEquals(other, probe.verdict());
    }

    @Test
    void libtorchCountsAsLoadedOnceTheCheckHasRun() {
        ConvolutionCheck.ensureCorrect();

        assertTrue(OneDnnProbe.libtorchLoaded());
    }
}
