package dev.ganforge.trainer.cli;

import dev.ganforge.shared.signing.Ed25519Keys;
import dev.ganforge.trainer.pipeline.SigningKeyFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ganforge keys}: the Ed25519 key models are signed with. */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Manage the Ed25519 key that signs published models.",
        subcommands = KeysCommand.Generate.class)
public final class KeysCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CliErrors.USAGE;
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = {"Create a signing key pair: DIR/" + SigningKeyFiles.PRIVATE_FILE
                    + " (PKCS#8 PEM, mode 0600) and DIR/" + SigningKeyFiles.PUBLIC_FILE + " (X.509 PEM).",
                "Give the .pub file to the generator service (it trusts listed keys); keep the .key secret.",
                "Refuses to overwrite an existing key."})
    static final class Generate implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--out", paramLabel = "DIR",
                description = "Directory for the key files (default: $GANFORGE_HOME/keys).")
        Path out;

        @Override
        public Integer call() throws IOException {
            Path dir = out != null ? out : GanforgeHome.resolve().dir().resolve("keys");
            KeyPair pair = SigningKeyFiles.generate(dir);
            spec.commandLine().getOut().printf("key id %s%nprivate %s%npublic  %s%n",
                    Ed25519Keys.keyId(pair.getPublic()), dir.resolve(SigningKeyFiles.PRIVATE_FILE),
                    dir.resolve(SigningKeyFiles.PUBLIC_FILE));
            return 0;
        }
    }
}
