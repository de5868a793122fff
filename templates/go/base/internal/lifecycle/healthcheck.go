package lifecycle

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"time"

	"example.com/project/internal/config"
)

// CheckHealth asks the server on this machine's $PORT (from the environment
// or .env, default 3000) for GET /health and returns the exit code: 0 when it
// answers 200, else 1 with the reason on stderr.
func CheckHealth() int {
	if err := config.LoadDotEnv(".env"); err != nil {
		fmt.Fprintln(os.Stderr, "healthcheck: .env:", err)
		return 1
	}
	port := os.Getenv("PORT")
	if port == "" {
		port = "3000"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://127.0.0.1:"+port+"/health", nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "healthcheck:", err)
		return 1
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Fprintln(os.Stderr, "healthcheck:", err)
		return 1
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintln(os.Stderr, "healthcheck: status", resp.StatusCode)
		return 1
	}
	return 0
}
