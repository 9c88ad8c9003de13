module github.com/example/richmod

go 1.23.2

toolchain go1.23.4

require (
	github.com/99designs/gqlgen v0.17.55
	github.com/Khan/genqlient v0.7.0
	github.com/vektah/gqlparser/v2 v2.5.17
	go.opentelemetry.io/otel v1.27.0
	go.opentelemetry.io/otel/sdk v1.27.0
	golang.org/x/sync v0.8.0
)

require (
	github.com/go-logr/logr v1.4.2 // indirect
	github.com/sosodev/duration v1.3.1 // indirect
	golang.org/x/sys v0.25.0 // indirect
)

replace go.opentelemetry.io/otel/sdk => go.opentelemetry.io/otel/sdk v1.26.0
