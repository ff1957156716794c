package dev.ganforge.trainer.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the demo started and must stop again, in reverse order: the worker, the service, and the broker only
 * when the demo itself started it. Stopping is idempotent, so the shutdown hook and a failing step may both call it.
 */
public final class DemoServices {

    private final List<ChildProcess> children = new ArrayList<>();
    private final PrintWriter out;
    private Path brokerScript;
    private int brokerPort;
    private boolean stopped;

    public DemoServices(PrintWriter out) {
        this.out = out;
    }

    public synchronized void add(ChildProcess child) {
        children.add(child);
    }

    /** Remembers that the demo started the broker, so that it also stops it. */
    public synchronized void brokerStarted(Path script, int port) {
        this.brokerScript = script;
        this.brokerPort = port;
    }

    /** Whether stopping also stops the broker. */
    public synchronized boolean ownsBroker() {
        return brokerScript != null;
    }

    public synchronized boolean stopping() {
        return stopped;
    }

    public synchronized void stopAll() {
        if (stopped) {
            return;
        }
        stopped = true;
        for (int i = children.size() - 1; i >= 0; i--) {
            ChildProcess child = children.get(i);
            child.close();
            line("stopped   " + child.name());
        }
        if (brokerScript != null) {
            try {
                Process stop = new ProcessBuilder(brokerScript.toString(), "stop", "--port",
                                Integer.toString(brokerPort))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                boolean done = stop.waitFor(90, TimeUnit.SECONDS);
                line(done && stop.exitValue() == 0 ? "stopped   broker on port " + brokerPort
                        : "broker    did not stop cleanly: run " + brokerScript + " stop --port " + brokerPort);
            } catch (IOException e) {
                line("broker    could not be stopped (" + e.getMessage() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void line(String text) {
        out.println(text);
        out.flush();
    }
}
