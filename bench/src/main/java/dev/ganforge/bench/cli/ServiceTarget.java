package dev.ganforge.bench.cli;

import java.net.URI;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The service and model a load command drives ({@code --url}, {@code --model}), checked in one place.
 *
 * @param base the service's root, {@code http://HOST:PORT/}
 */
record ServiceTarget(URI base, String model) {

    /** Checks the options as given; a bad one is a usage error naming it. */
    static ServiceTarget of(CommandSpec spec, URI url, String model) {
        if (!model.matches("[a-z0-9][a-z0-9._-]{0,62}")) {
            throw new ParameterException(spec.commandLine(), "--model must match [a-z0-9][a-z0-9._-]{0,62}, got '"
                    + model + "'");
        }
        if (!"http".equals(url.getScheme()) || url.getHost() == null) {
            throw new ParameterException(spec.commandLine(), "--url must be http://HOST:PORT, got '" + url + "'");
        }
        return new ServiceTarget(URI.create("http://" + url.getRawAuthority() + "/"), model);
    }
}
