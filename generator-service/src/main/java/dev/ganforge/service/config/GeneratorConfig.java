package dev.ganforge.service.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Every setting of the generator service, under {@code ganforge.*}; see docs/service.md. */
@ConfigMapping(prefix = "ganforge")
public interface GeneratorConfig {

    Trust trust();

    Sampling sampling();

    Batching batching();

    Onnx onnx();

    Auth auth();

    Models models();

    Grpc grpc();

    Control control();

    Canary canary();

    /** Public keys whose signatures are accepted; several at once so keys can rotate without a gap. */
    interface Trust {
        /** Inline PEM {@code PUBLIC KEY} blocks. */
        Optional<List<String>> publicKeys();

        /** PEM files, one key each. */
        Optional<List<Path>> publicKeyFiles();
    }

    interface Sampling {
        /** {@code count} when a request gives none. */
        @WithDefault("16")
        int defaultCount();

        /** Largest {@code count} one request may ask for. */
        @WithDefault("64")
        int maxCount();

        /** Sample requests served at once; one more is answered 429. */
        @WithDefault("64")
        int maxConcurrentRequests();

        /** Largest {@code steps} of an interpolation strip. */
        @WithDefault("32")
        int maxInterpolationSteps();
    }

    interface Batching {
        /** Most samples combined into one ONNX Runtime run. */
        @WithDefault("256")
        int maxBatchSize();

        /** How long the first request of a batch waits for others to join it. */
        @WithDefault("5ms")
        Duration maxWait();

        /**
         * Stop waiting once a batch holds as many requests as the busiest recent batch (a lone client never
         * waits); false waits the whole {@code max-wait} every time.
         */
        @WithDefault("true")
        boolean adaptiveWait();

        /** Threads collecting and running batches; more than one lets a batch start while another still runs. */
        @WithDefault("1")
        int dispatchers();
    }

    interface Onnx {
        /** Threads ONNX Runtime uses inside one operator; 0 lets ORT decide. */
        @WithDefault("0")
        int intraOpThreads();

        /** Threads ONNX Runtime uses across operators; 0 lets ORT decide. */
        @WithDefault("0")
        int interOpThreads();

        /** ORT graph optimisation level: NO_OPT, BASIC_OPT, EXTENDED_OPT or ALL_OPT. */
        @WithDefault("ALL_OPT")
        String optimizationLevel();

        /** Let ORT's pool threads busy-wait between operators (ORT's own default; costs the HTTP threads CPU). */
        @WithDefault("false")
        boolean allowSpinning();

        /**
         * Slices a batch of at least {@code min-sliced-batch} samples is split into, run at the same time on a
         * second session of cores ÷ slices intra-op threads. 0 = one per core (at most 4), 1 = off (every batch
         * whole).
         */
        @WithDefault("0")
        int slices();

        /** Smallest batch that is sliced; smaller ones run whole on the multi-threaded session. */
        @WithDefault("8")
        int minSlicedBatch();
    }

    interface Models {
        /**
         * Loaded versions (ONNX Runtime session) kept per model: the newest, a pinned one, then the next newest
         * up to this many; older ones are unloaded and can no longer be pinned. At least 1.
         */
        @WithDefault("3")
        int retainedVersions();
    }

    /** The Open Inference Protocol over gRPC ({@code inference.GRPCInferenceService}), beside HTTP's {@code /v2}. */
    interface Grpc {
        /**
         * Serve the protocol over gRPC; false refuses every call with UNIMPLEMENTED (Quarkus still opens its gRPC
         * port: which services it serves is decided at build time).
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * The gRPC server's own port; application.properties hands it to {@code quarkus.grpc.server.port} (and, in
         * tests, {@code test-port}).
         */
        int port();
    }

    /**
     * Operators' routing (pin, canary) lives on the control topic; this replica signs what its HTTP endpoints write
     * there. Its public key must be in {@code ganforge.trust} on every replica (docs/contracts.md, "Control").
     */
    interface Control {
        /** Ed25519 private key (PKCS#8 PEM) signing control records; without it the routing endpoints answer 503. */
        Optional<Path> signingKeyFile();

        /** The matching public key (PEM): its id goes with every signature. */
        Optional<Path> signingPublicKeyFile();

        /** How long a routing request waits for this replica to apply its own control record. */
        @WithDefault("10s")
        Duration applyTimeout();
    }

    /** Guarding canary splits (docs/service.md, "Canary"). */
    interface Canary {
        /**
         * Abort a canary split by itself when more than this share (0..1) of the canary's generator runs fail, as
         * this replica counts them; absent: never.
         */
        Optional<Double> abortErrorRate();

        /** Canary runs this replica counts before its error rate can abort the split. */
        @WithDefault("20")
        int abortMinRuns();
    }

    interface Auth {
        /** Bearer tokens allowed to pin, unpin and request retraining; none configured locks those endpoints. */
        Optional<List<String>> operatorTokens();
    }
}
