"""Operating the service: health probes, Prometheus metrics and OpenTelemetry traces."""
