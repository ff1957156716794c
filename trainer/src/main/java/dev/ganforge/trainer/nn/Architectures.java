package dev.ganforge.trainer.nn;

import dev.ganforge.shared.contract.ArchitectureNames;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** The architectures {@code --arch} accepts, by name. */
public final class Architectures {

    private static final Map<String, Supplier<GanArchitecture>> BY_NAME = Map.of(
            MlpGan.NAME, MlpGan::new,
            Mlp4Gan.NAME, Mlp4Gan::new,
            ConditionalDcgan.NAME, ConditionalDcgan::new,
            Dcgan.NAME, Dcgan::new,
            DcganBn.NAME, DcganBn::new,
            CurvesGan.NAME, CurvesGan::new,
            FiveLayerGan.NAME, FiveLayerGan::new,
            InfoGan.NAME, InfoGan::new);

    static {
        // The contract (shared) names the architectures; each must have its networks here, and no others.
        if (!BY_NAME.keySet().equals(Set.copyOf(ArchitectureNames.ALL))) {
            throw new IllegalStateException("architectures " + BY_NAME.keySet() + " differ from the contract's "
                    + ArchitectureNames.ALL);
        }
    }

    private Architectures() {
    }

    /** @throws IllegalArgumentException naming the known architectures when {@code name} is not one */
    public static GanArchitecture byName(String name) {
        Supplier<GanArchitecture> factory = BY_NAME.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown architecture '" + name + "' (known: "
                    + String.join(", ", names()) + ")");
        }
        return factory.get();
    }

    /** Every name {@code --arch} accepts, in the CLI's order (the contract's {@link ArchitectureNames#ALL}). */
    public static List<String> names() {
        return ArchitectureNames.ALL;
    }

    /**
     * {@link #names()} as picocli's completion candidates, so every {@code --arch} help text lists them through
     * {@code ${COMPLETION-CANDIDATES}} instead of a hand-kept copy.
     */
    public static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return names().iterator();
        }
    }
}
