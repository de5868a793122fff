package app

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"

	"example.com/project/internal/db"
	"example.com/project/internal/health"
	"example.com/project/internal/redisclient"
)

// conns are the connections of one process: its Postgres pool and its Redis
// client. Embedded in the process's type, their fields read as app.DB and
// app.Redis.
type conns struct {
	DB    *pgxpool.Pool
	Redis *redis.Client
}

// connect opens both without waiting for the network: Postgres and Redis are
// connected on first use, so a process starts while either is down and
// reports it on /health.
func connect(ctx context.Context, databaseURL, redisURL string) (conns, error) {
	pool, err := db.NewPool(ctx, databaseURL)
	if err != nil {
		return conns{}, err
	}
	rdb, err := redisclient.New(redisURL)
	if err != nil {
		pool.Close()
		return conns{}, err
	}
	return conns{DB: pool, Redis: rdb}, nil
}

// healthChecker checks these connections for GET /health: Postgres is
// required (down means the service is down), Redis optional (down means
// degraded: the service carries on from Postgres).
func (c conns) healthChecker() health.Checker {
	return health.Checker{
		Required: map[string]health.Pinger{"postgres": c.DB.Ping},
		Optional: map[string]health.Pinger{"redis": c.pingRedis},
	}
}

func (c conns) pingRedis(ctx context.Context) error { return c.Redis.Ping(ctx).Err() }

// close closes the pool, then the client.
func (c conns) close() error {
	c.DB.Close()
	return c.Redis.Close()
}
