// Command ferretdb runs an embedded FerretDB v1 (MongoDB wire protocol over SQLite or PostgreSQL)
// for the project's tests and development.
//
// `go install` of FerretDB's own command panics (a generated version file is missing from the
// published module), so the project builds this small main around the embeddable package instead.
// tools/servers/servers.js builds it once into its cache and starts it with a free port and a
// temporary data folder; for the PostgreSQL backend it starts a PostgreSQL first and passes its URL.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on")
	handler := flag.String("handler", "sqlite", "backend: sqlite or postgresql")
	data := flag.String("data", "", "folder for the SQLite databases (created if missing; required with --handler=sqlite)")
	pgURL := flag.String("postgresql-url", "", "PostgreSQL connection string (required with --handler=postgresql), e.g. postgres://postgres@127.0.0.1:5432/postgres")
	logLevel := flag.String("log-level", "warn", "log level: debug, info, warn or error")
	flag.Parse()

	config := ferretdb.Config{Listener: ferretdb.ListenerConfig{TCP: *listen}, Handler: *handler}
	where := ""
	switch *handler {
	case "sqlite":
		if *data == "" {
			fail("--data is required with --handler=sqlite")
		}
		dir, err := filepath.Abs(*data)
		if err != nil {
			fail(err.Error())
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			fail(err.Error())
		}
		config.SQLiteURL = "file:" + dir + "/"
		where = "SQLite in " + dir
	case "postgresql":
		if *pgURL == "" {
			fail("--postgresql-url is required with --handler=postgresql")
		}
		config.PostgreSQLURL = *pgURL
		where = "PostgreSQL at " + *pgURL
	default:
		fail("bad --handler " + *handler + " (sqlite or postgresql)")
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fail("bad --log-level: " + err.Error())
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	config.Logger = logger
	f, err := ferretdb.New(&config)
	if err != nil {
		fail(err.Error())
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	fmt.Fprintf(os.Stderr, "ferretdb: listening on %s, %s\n", *listen, where)
	if err := f.Run(ctx); err != nil {
		fail(err.Error())
	}
	fmt.Fprintln(os.Stderr, "ferretdb: stopped")
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "ferretdb: "+msg)
	os.Exit(2)
}
