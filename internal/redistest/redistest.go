// Package redistest starts real Redis servers for tests: a single server,
// or a Redis Cluster of three masters, each on a free loopback port (never
// 6379) with its data in the test's temporary folder, stopped when the
// test ends. A test calls it only when redis-server is installed: without
// it the test is skipped, saying which Debian package gives it.
package redistest

import (
	"bytes"
	"fmt"
	"net"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// Server is a redis-server process.
type Server struct {
	t    testing.TB
	Port int
	Dir  string
	cmd  *exec.Cmd
	out  *bytes.Buffer
	args []string
	pass string // the server's password, if it needs one
}

// cli runs redis-cli on the server.
func (s *Server) cli(args ...string) *exec.Cmd {
	a := []string{"-p", strconv.Itoa(s.Port)}
	if s.pass != "" {
		a = append(a, "-a", s.pass, "--no-auth-warning")
	}
	return exec.Command("redis-cli", append(a, args...)...)
}

// Need skips the test when redis-server or redis-cli is missing.
func Need(t testing.TB) {
	t.Helper()
	for _, c := range []string{"redis-server", "redis-cli"} {
		if _, err := exec.LookPath(c); err != nil {
			t.Skipf("%s not installed (Debian package redis-server): skipping", c)
		}
	}
}

// freePort returns a loopback port free a moment ago, never 6379.
func freePort(t testing.TB) int {
	t.Helper()
	for {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		p := ln.Addr().(*net.TCPAddr).Port
		ln.Close()
		if p != 6379 && p < 55535 { // cluster buses listen on port+10000
			return p
		}
	}
}

// Start starts a Redis server with append-only persistence (fsync on
// every write), stopped at the end of the test.
func Start(t testing.TB, extra ...string) *Server {
	t.Helper()
	Need(t)
	s := &Server{t: t, Port: freePort(t), Dir: t.TempDir()}
	s.args = append([]string{"--port", strconv.Itoa(s.Port), "--bind", "127.0.0.1", "--dir", s.Dir,
		"--appendonly", "yes", "--appendfsync", "always", "--save", "", "--daemonize", "no", "--protected-mode", "no"}, extra...)
	for i, a := range extra {
		if a == "--requirepass" && i+1 < len(extra) {
			s.pass = extra[i+1]
		}
	}
	s.start()
	t.Cleanup(s.Stop)
	return s
}

func (s *Server) start() {
	s.t.Helper()
	s.out = &bytes.Buffer{}
	s.cmd = exec.Command("redis-server", s.args...)
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	if err := s.cmd.Start(); err != nil {
		s.t.Fatalf("start redis-server: %v", err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		if out, err := s.cli("ping").Output(); err == nil &&
			bytes.HasPrefix(out, []byte("PONG")) {
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("redis-server on port %d did not answer within 20 s:\n%s", s.Port, s.out)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// URL returns the server's redis:// URL.
func (s *Server) URL() string { return fmt.Sprintf("redis://127.0.0.1:%d/0", s.Port) }

// Addr returns host:port.
func (s *Server) Addr() string { return fmt.Sprintf("127.0.0.1:%d", s.Port) }

// Stop stops the server (its data stays on disk).
func (s *Server) Stop() {
	if s.cmd == nil {
		return
	}
	s.cli("shutdown").Run()
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		<-done
	}
	s.cmd = nil
}

// Restart starts the server again on its port, with its data.
func (s *Server) Restart() {
	s.t.Helper()
	s.Stop()
	s.start()
}

// Cluster is a Redis Cluster of three masters.
type Cluster struct {
	Nodes []*Server
}

// StartCluster starts three Redis servers in cluster mode and joins them
// with redis-cli --cluster create.
func StartCluster(t testing.TB) *Cluster {
	t.Helper()
	Need(t)
	c := &Cluster{}
	var addrs []string
	for range 3 {
		s := &Server{t: t, Port: freePort(t), Dir: t.TempDir()}
		s.args = []string{"--port", strconv.Itoa(s.Port), "--bind", "127.0.0.1", "--dir", s.Dir,
			"--cluster-enabled", "yes", "--cluster-config-file", filepath.Join(s.Dir, "nodes.conf"),
			"--appendonly", "yes", "--save", "", "--daemonize", "no", "--protected-mode", "no"}
		s.start()
		t.Cleanup(s.Stop)
		c.Nodes = append(c.Nodes, s)
		addrs = append(addrs, s.Addr())
	}
	args := append([]string{"--cluster", "create"}, addrs...)
	args = append(args, "--cluster-yes")
	if out, err := exec.Command("redis-cli", args...).CombinedOutput(); err != nil {
		t.Fatalf("redis-cli --cluster create: %v\n%s", err, out)
	}
	// Wait for the cluster to be ready on every node.
	deadline := time.Now().Add(30 * time.Second)
	for _, s := range c.Nodes {
		for {
			out, _ := exec.Command("redis-cli", "-p", strconv.Itoa(s.Port), "cluster", "info").Output()
			if bytes.Contains(out, []byte("cluster_state:ok")) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the cluster was not ready within 30 s: %s", out)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	return c
}

// URL returns the cluster's redis+cluster:// URL.
func (c *Cluster) URL() string {
	u := "redis+cluster://"
	for i, s := range c.Nodes {
		if i > 0 {
			u += ","
		}
		u += s.Addr()
	}
	return u
}
