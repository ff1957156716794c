package dev.ganforge.trainer.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --threads}: PyTorch's intra-op thread count, for commands that run the engine. PyTorch defaults to one
 * thread per core, which is right on a dedicated machine but pathological on a shared or small one: every parallel
 * op waits at an OpenMP barrier for a thread the OS has descheduled (several-fold slowdowns on 2 busy cores, in
 * the history of docs/benchmarks.md). DJL reads the count once, when the engine loads, so it is passed as the
 * system properties DJL reads; the option is parsed before any command touches the engine.
 */
public final class EngineThreadsOption {

    static final String INTRA_OP = "ai.djl.pytorch.num_threads";
    static final String INTER_OP = "ai.djl.pytorch.num_interop_threads";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "${env:GANFORGE_THREADS}",
            description = "PyTorch threads (default: $GANFORGE_THREADS, else one per core). 1 is much faster on a "
                    + "machine whose cores are busy with other work.")
    void threads(Integer threads) {
        if (threads == null) {
            return;
        }
        if (threads < 1) {
            throw new ParameterException(mixee.commandLine(), "--threads must be at least 1, got " + threads);
        }
        System.setProperty(INTRA_OP, Integer.toString(threads));
        System.setProperty(INTER_OP, "1");
    }
}
