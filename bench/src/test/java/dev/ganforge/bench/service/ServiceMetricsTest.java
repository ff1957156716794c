package dev.ganforge.bench.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ServiceMetricsTest {

    @Test
    void readsTheBatchSummariesOutOfAPrometheusExposition() {
        String text = """
                # HELP ganforge_batch_samples Samples per ONNX Runtime run
                # TYPE ganforge_batch_samples summary
                ganforge_batch_samples_bucket{le="1.0"} 3.0
                ganforge_batch_samples_bucket{le="+Inf"} 10.0
                ganforge_batch_samples_count 10.0
                ganforge_batch_samples_sum 57.0
                ganforge_batch_samples_max 16.0
                ganforge_batch_requests_count 10.0
                ganforge_batch_requests_sum 25.0
                ganforge_batch_run_seconds_count 10.0
                ganforge_batch_run_seconds_sum 0.125
                ganforge_batch_run_seconds_max 0.05
                ganforge_samples_duration_seconds_count{endpoint="samples",outcome="ok"} 25.0
                jvm_threads_live_threads 40.0
                """;
        BatchSizes sizes = ServiceMetrics.parse(text);
        assertEquals(10, sizes.runs());
        assertEquals(57.0, sizes.samples());
        assertEquals(25.0, sizes.requests());
        assertEquals(5.7, sizes.meanSamples(), 1e-12);
        assertEquals(2.5, sizes.meanRequests(), 1e-12);
        assertEquals(0.125, sizes.runSeconds(), 1e-12);
        assertEquals(0.0125, sizes.meanRunSeconds(), 1e-12);
    }

    @Test
    void aServiceThatRanNothingYetHasNoBatches() {
        BatchSizes sizes = ServiceMetrics.parse("jvm_threads_live_threads 40.0\n");
        assertEquals(BatchSizes.NONE, sizes);
        assertEquals(0, sizes.meanSamples());
    }

    @Test
    void aWindowIsTheDifferenceOfTwoReads() {
        BatchSizes window = new BatchSizes(30, 200, 90, 3.5).since(new BatchSizes(10, 40, 10, 1.5));
        assertEquals(new BatchSizes(20, 160, 80, 2.0), window);
        assertEquals(0.1, window.meanRunSeconds(), 1e-9);
        assertEquals(0.5, window.busyFraction(4.0), 1e-9);
        assertEquals(8.0, window.meanSamples());
        assertEquals(4.0, window.meanRequests());
        assertEquals(8, new ServiceLevel(null, window, 4.0).comparableBatchSize());
        assertEquals(window.runSeconds() / 4.0, new ServiceLevel(null, window, 4.0).busyFraction(), 1e-12);
        assertEquals(1, new ServiceLevel(null, BatchSizes.NONE, 1.0).comparableBatchSize());
    }

    @Test
    void requestsInFlightComeFromTheSamplesGaugeElseFromHttpLessTheReadItself() {
        String http = String.join("\n", "# TYPE http_server_active_requests gauge",
                "http_server_active_requests{server_port=\"8080\",url_scheme=\"http\"} 3.0",
                "http_server_active_requests{server_port=\"8443\",url_scheme=\"https\"} 2.0",
                "http_server_active_connections{server_port=\"8080\"} 9.0", "");
        assertEquals(4.0, ServiceMetrics.activeRequests(http), 1e-9);
        assertEquals(7.0, ServiceMetrics.activeRequests(http + "ganforge_samples_in_flight 7.0\n"), 1e-9);
        assertEquals(0.0, ServiceMetrics.activeRequests("ganforge_batch_samples_count 1.0\n"), 1e-9);
    }

    @Test
    void theServicesSlicingComesFromItsGaugesAndAServiceWithoutThemRunsBatchesWhole() {
        assertEquals(new ServiceMetrics.Slicing(2, 8), ServiceMetrics.slicing(
                "# TYPE ganforge_onnx_slices gauge\nganforge_onnx_slices 2.0\nganforge_onnx_min_sliced_batch 8.0\n"));
        assertEquals(ServiceMetrics.Slicing.WHOLE, ServiceMetrics.slicing(
                "ganforge_onnx_slices 1.0\nganforge_onnx_min_sliced_batch 8.0\n"), "1 slice: every batch whole");
        assertEquals(ServiceMetrics.Slicing.WHOLE, ServiceMetrics.slicing("jvm_threads_live_threads 40.0\n"),
                "an older service says nothing");
    }

    @Test
    void awaitIdleWaitsForRequestsInFlightAndGivesUpAtTheDeadline() throws Exception {
        try (StubService service = new StubService(0, 0, 0)) {
            ServiceMetrics metrics = new ServiceMetrics(LoadClient.defaultHttpClient(), service.base());
            service.reportActiveRequests(5);
            IllegalStateException busy = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> metrics.awaitIdle(java.time.Duration.ofMillis(200)));
            assertTrue(busy.getMessage().contains("still serves 4 requests"), busy.getMessage());
            service.reportActiveRequests(1);
            metrics.awaitIdle(java.time.Duration.ofSeconds(30));
        }
    }
}
