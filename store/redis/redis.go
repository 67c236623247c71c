// Package redis implements provenance's shared store on Redis or Redis
// Cluster (github.com/redis/go-redis/v9): several daemons, on one machine
// or many, keep one index of documents, matches, families and lineage.
//
// # Layout
//
// Every key starts with one hash tag, {provenance} by default, so that in
// a Redis Cluster all the keys a batch touches share one slot and a batch
// is one MULTI/EXEC transaction: two daemons can never half-apply batches
// over each other. (It also means one cluster node holds the index; the
// cluster gives fail-over, not more room.)
//
//	P:counters          the numbering of documents and families, the settings
//	P:doc:SEQ           a document's record (metadata, fingerprints, evidence)
//	P:text:SEQ          its text, compressed with S2
//	P:docs              sorted set of document numbers
//	P:ids               hash: document ID -> number
//	P:m:A:B             a match's record; P:matches the set of "A:B"
//	P:adj:SEQ           set of "OTHER:SIDE": the matches a document is in
//	P:f:SEQ             a family's record; P:fams sorted set; P:famids hash ID -> number
//	P:log, P:logbase    the batches applied, without texts, for the others to replay
//	P:lock              the write lock: a token with a lease, renewed while held
//	P:files:NAME        hash: the file records of daemon NAME
//	P:outbox:NAME       sorted set: daemon NAME's events not yet in its events log
//	P:events:NAME       the number of daemon NAME's last event
//
// Fingerprints are not kept as postings in Redis: each daemon holds the
// index in memory, built from the documents' records and kept current by
// replaying the log, since a query looks up about a hundred keys and a
// round trip for each would cost far more than the lookup.
package redis

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/s2"
	goredis "github.com/redis/go-redis/v9"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/internal/codec"
)

// Store is a provenance.SharedStore in Redis, opened for one daemon. It
// is safe for concurrent use.
type Store struct {
	rdb    goredis.UniversalClient
	p      string // the key prefix, with its hash tag
	daemon string
	lease  time.Duration
	keep   int64 // batches the log keeps

	mu    sync.Mutex
	token string // the lock's token while this store holds it
	held  int    // how many Locks are not yet Unlocked
	stop  chan struct{}
}

var _ provenance.SharedStore = (*Store)(nil)

// ErrURL is the reason Open refuses a URL.
var ErrURL = errors.New("bad Redis URL")

// ErrLockLost is the reason Apply refuses a batch when this store does not
// hold the lock (it was never taken, or its lease ran out).
var ErrLockLost = errors.New("the store's lock is not held")

// Options configure Open.
type Options struct {
	// Daemon names the daemon whose file records and events are kept
	// (letters, digits, '-', '_' and '.').
	Daemon string
	// Prefix is the hash tag of every key; empty means "provenance".
	Prefix string
	// Lease is how long the lock lasts if its holder stops renewing it;
	// 0 means 10 s.
	Lease time.Duration
	// LogBatches is how many batches the log keeps for engines to replay;
	// 0 means 128 (the log holds each document's record again, about 1.5 KB, while it
	// keeps its batch). An engine further behind reloads its memory whole.
	LogBatches int
}

// Open connects to the Redis named by rawURL: redis://[user:pass@]host:port[/db]
// or rediss:// for TLS, or redis+cluster://host1:port,host2:port,...
// (rediss+cluster:// for TLS) for a Redis Cluster, where any node will do
// to start from. It checks the server answers.
func Open(ctx context.Context, rawURL string, opt Options) (*Store, error) {
	rdb, err := client(rawURL)
	if err != nil {
		return nil, err
	}
	if err := checkName(opt.Daemon); err != nil {
		rdb.Close()
		return nil, err
	}
	prefix := opt.Prefix
	if prefix == "" {
		prefix = "provenance"
	}
	s := &Store{rdb: rdb, p: "{" + prefix + "}:", daemon: opt.Daemon, lease: opt.Lease, keep: int64(opt.LogBatches)}
	if s.lease <= 0 {
		s.lease = 10 * time.Second
	}
	if s.keep <= 0 {
		s.keep = 128
	}
	if err := rdb.Ping(ctx).Err(); err != nil {
		rdb.Close()
		return nil, fmt.Errorf("redis %s: %w", Redact(rawURL), err)
	}
	return s, nil
}

// client makes the client a URL names.
func client(rawURL string) (goredis.UniversalClient, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("%w: %s", ErrURL, Redact(rawURL))
	}
	switch u.Scheme {
	case "redis", "rediss":
		o, err := goredis.ParseURL(rawURL)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrURL, Redact(rawURL), err)
		}
		return goredis.NewClient(o), nil
	case "redis+cluster", "rediss+cluster":
		hosts := strings.Split(u.Host, ",")
		u.Scheme = strings.TrimSuffix(u.Scheme, "+cluster")
		u.Host = hosts[0]
		q := u.Query()
		for _, h := range hosts[1:] {
			q.Add("addr", h)
		}
		u.RawQuery = q.Encode()
		o, err := goredis.ParseClusterURL(u.String())
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrURL, Redact(rawURL), err)
		}
		return goredis.NewClusterClient(o), nil
	}
	return nil, fmt.Errorf("%w: %s: want redis://, rediss://, redis+cluster:// or rediss+cluster://", ErrURL, Redact(rawURL))
}

// Redact returns a Redis URL with its password replaced by "xxxxx", for
// logs and errors.
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "(a URL that does not parse)"
	}
	return u.Redacted()
}

func checkName(name string) error {
	if name == "" {
		return fmt.Errorf("%w: no daemon name", ErrURL)
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return fmt.Errorf("daemon name %q: want letters, digits, '-', '_' and '.'", name)
		}
	}
	return nil
}

// Close closes the connections.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.held > 0 {
		s.held = 1
		s.mu.Unlock()
		s.Unlock(context.Background())
	} else {
		s.mu.Unlock()
	}
	return s.rdb.Close()
}

func (s *Store) k(parts ...string) string { return s.p + strings.Join(parts, ":") }

func u(x uint64) string { return strconv.FormatUint(x, 10) }

func (s *Store) docKey(seq uint64) string  { return s.k("doc", u(seq)) }
func (s *Store) textKey(seq uint64) string { return s.k("text", u(seq)) }
func (s *Store) adjKey(seq uint64) string  { return s.k("adj", u(seq)) }
func (s *Store) famKey(seq uint64) string  { return s.k("f", u(seq)) }
func (s *Store) matchKey(a, b uint64) string {
	return s.k("m", u(a), u(b))
}

// Lock takes the write lock, waiting while another holds it. It is
// re-entrant: each Lock needs an Unlock.
func (s *Store) Lock(ctx context.Context) error {
	s.mu.Lock()
	if s.held > 0 {
		s.held++
		s.mu.Unlock()
		return nil
	}
	s.mu.Unlock()
	var b [16]byte
	rand.Read(b[:])
	token := hex.EncodeToString(b[:])
	wait := 2 * time.Millisecond
	for {
		ok, err := s.rdb.SetNX(ctx, s.k("lock"), token, s.lease).Result()
		if err != nil {
			return err
		}
		if ok {
			break
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		wait = min(2*wait, 50*time.Millisecond)
	}
	s.mu.Lock()
	s.token, s.held, s.stop = token, 1, make(chan struct{})
	stop := s.stop
	s.mu.Unlock()
	go s.renew(token, stop)
	return nil
}

// renewScript extends the lock's lease if the token still holds it.
var renewScript = goredis.NewScript(`if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("PEXPIRE", KEYS[1], ARGV[2]) else return 0 end`)

// unlockScript deletes the lock if the token still holds it.
var unlockScript = goredis.NewScript(`if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`)

// renew extends the lock's lease every third of it until stop closes.
func (s *Store) renew(token string, stop chan struct{}) {
	t := time.NewTicker(s.lease / 3)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), s.lease/3)
			renewScript.Run(ctx, s.rdb, []string{s.k("lock")}, token, s.lease.Milliseconds())
			cancel()
		}
	}
}

// Unlock gives the lock back when every Lock has its Unlock.
func (s *Store) Unlock(ctx context.Context) error {
	s.mu.Lock()
	if s.held == 0 {
		s.mu.Unlock()
		return nil
	}
	s.held--
	if s.held > 0 {
		s.mu.Unlock()
		return nil
	}
	token := s.token
	close(s.stop)
	s.token, s.stop = "", nil
	s.mu.Unlock()
	return unlockScript.Run(ctx, s.rdb, []string{s.k("lock")}, token).Err()
}

// Counters returns the shared numbering and settings, and this daemon's
// events count.
func (s *Store) Counters(ctx context.Context) (provenance.Counters, error) {
	var c provenance.Counters
	v, err := s.rdb.Get(ctx, s.k("counters")).Bytes()
	switch {
	case errors.Is(err, goredis.Nil):
	case err != nil:
		return c, err
	default:
		if c, err = codec.Counters(v); err != nil {
			return c, err
		}
	}
	ev, err := s.rdb.Get(ctx, s.k("events", s.daemon)).Uint64()
	if err != nil && !errors.Is(err, goredis.Nil) {
		return c, err
	}
	c.Events = ev
	return c, nil
}

// Position returns the log position of the last batch applied.
func (s *Store) Position(ctx context.Context) (uint64, error) {
	base, n, err := s.logSpan(ctx, s.rdb)
	return base + n, err
}

// logSpan returns how many batches were trimmed from the log and how many
// it holds.
func (s *Store) logSpan(ctx context.Context, c goredis.Cmdable) (base, n uint64, err error) {
	base, err = c.Get(ctx, s.k("logbase")).Uint64()
	if err != nil && !errors.Is(err, goredis.Nil) {
		return 0, 0, err
	}
	l, err := c.LLen(ctx, s.k("log")).Result()
	return base, uint64(l), err
}

// Since calls fn for each batch applied after pos.
func (s *Store) Since(ctx context.Context, pos uint64, fn func(pos uint64, b *provenance.Batch) error) error {
	for {
		base, n, err := s.logSpan(ctx, s.rdb)
		if err != nil {
			return err
		}
		if pos < base {
			return provenance.ErrLogTrimmed
		}
		if pos >= base+n {
			return nil
		}
		from := int64(pos - base)
		recs, err := s.rdb.LRange(ctx, s.k("log"), from, from+63).Result()
		if err != nil {
			return err
		}
		// Entries trimmed since logSpan shift the list: read the base
		// again and start over if it moved.
		if b2, err := s.rdb.Get(ctx, s.k("logbase")).Uint64(); err == nil && b2 != base || err != nil && !errors.Is(err, goredis.Nil) {
			if err != nil {
				return err
			}
			continue
		}
		for _, r := range recs {
			b, err := codec.Batch([]byte(r))
			if err != nil {
				return fmt.Errorf("log entry %d: %w", pos+1, err)
			}
			pos++
			if err := fn(pos, b); err != nil {
				return err
			}
		}
	}
}

// Docs calls fn for each document, by number.
func (s *Store) Docs(ctx context.Context, fn func(*provenance.StoredDoc) error) error {
	return s.walk(ctx, "docs", "doc", "-inf", func(seq string, v []byte) (bool, error) {
		d, err := codec.Doc(v)
		if err != nil {
			return false, fmt.Errorf("document %s: %w", seq, err)
		}
		return true, fn(d)
	})
}

// walk calls fn with the records under prefix of the numbers in the
// sorted set index, from min up, a page at a time, until fn returns false
// or an error. Numbers whose record is gone (deleted meanwhile) are
// passed over.
func (s *Store) walk(ctx context.Context, index, prefix, min string, fn func(seq string, v []byte) (bool, error)) error {
	for {
		seqs, err := s.rdb.ZRangeArgs(ctx, goredis.ZRangeArgs{Key: s.k(index), Start: min, Stop: "+inf", ByScore: true,
			Count: 500}).Result()
		if err != nil {
			return err
		}
		if len(seqs) == 0 {
			return nil
		}
		keys := make([]string, len(seqs))
		for i, q := range seqs {
			keys[i] = s.k(prefix, q)
		}
		vals, err := s.rdb.MGet(ctx, keys...).Result()
		if err != nil {
			return err
		}
		for i, v := range vals {
			str, ok := v.(string)
			if !ok {
				continue
			}
			if more, err := fn(seqs[i], []byte(str)); err != nil || !more {
				return err
			}
		}
		min = "(" + seqs[len(seqs)-1]
	}
}

// Matches calls fn for each match.
func (s *Store) Matches(ctx context.Context, fn func(*provenance.StoredMatch) error) error {
	var cursor uint64
	for {
		members, next, err := s.rdb.SScan(ctx, s.k("matches"), cursor, "", 1000).Result()
		if err != nil {
			return err
		}
		if len(members) > 0 {
			keys := make([]string, len(members))
			for i, m := range members {
				keys[i] = s.k("m", m)
			}
			vals, err := s.rdb.MGet(ctx, keys...).Result()
			if err != nil {
				return err
			}
			for i, v := range vals {
				str, ok := v.(string)
				if !ok {
					continue
				}
				m, err := codec.Match([]byte(str))
				if err != nil {
					return fmt.Errorf("match %s: %w", members[i], err)
				}
				if err := fn(m); err != nil {
					return err
				}
			}
		}
		if cursor = next; cursor == 0 {
			return nil
		}
	}
}

// Families calls fn for each family numbered after after.
func (s *Store) Families(ctx context.Context, after uint64, fn func(*provenance.StoredFamily) (bool, error)) error {
	return s.walk(ctx, "fams", "f", "("+u(after), func(seq string, v []byte) (bool, error) {
		f, err := codec.Family(v)
		if err != nil {
			return false, fmt.Errorf("family %s: %w", seq, err)
		}
		return fn(f)
	})
}

// get reads a key, ErrNotFound if there is none.
func (s *Store) get(ctx context.Context, key string) ([]byte, error) {
	v, err := s.rdb.Get(ctx, key).Bytes()
	if errors.Is(err, goredis.Nil) {
		return nil, provenance.ErrNotFound
	}
	return v, err
}

// Doc returns document seq.
func (s *Store) Doc(ctx context.Context, seq uint64) (*provenance.StoredDoc, error) {
	v, err := s.get(ctx, s.docKey(seq))
	if err != nil {
		return nil, err
	}
	return codec.Doc(v)
}

// DocByID returns the document with an ID.
func (s *Store) DocByID(ctx context.Context, id string) (*provenance.StoredDoc, error) {
	seq, err := s.seqOf(ctx, "ids", id)
	if err != nil {
		return nil, err
	}
	return s.Doc(ctx, seq)
}

// seqOf returns the number an ID hash (ids, famids) gives id, or
// ErrNotFound.
func (s *Store) seqOf(ctx context.Context, hash, id string) (uint64, error) {
	seq, err := s.rdb.HGet(ctx, s.k(hash), id).Uint64()
	if errors.Is(err, goredis.Nil) {
		return 0, provenance.ErrNotFound
	}
	return seq, err
}

// Text returns document seq's text.
func (s *Store) Text(ctx context.Context, seq uint64) ([]byte, error) {
	v, err := s.get(ctx, s.textKey(seq))
	if err != nil {
		return nil, err
	}
	t, err := s2.Decode(nil, v)
	if err != nil {
		return nil, fmt.Errorf("text %d: %w: %v", seq, codec.ErrCorrupt, err)
	}
	return t, nil
}

// MatchesOf returns document seq's matches.
func (s *Store) MatchesOf(ctx context.Context, seq uint64) ([]*provenance.StoredMatch, error) {
	members, err := s.rdb.SMembers(ctx, s.adjKey(seq)).Result()
	if err != nil || len(members) == 0 {
		return nil, err
	}
	keys := make([]string, len(members))
	for i, m := range members {
		other, side, ok := strings.Cut(m, ":")
		if !ok {
			return nil, fmt.Errorf("adjacency %q: %w", m, codec.ErrCorrupt)
		}
		if side == "0" {
			keys[i] = s.k("m", u(seq), other)
		} else {
			keys[i] = s.k("m", other, u(seq))
		}
	}
	vals, err := s.rdb.MGet(ctx, keys...).Result()
	if err != nil {
		return nil, err
	}
	var out []*provenance.StoredMatch
	for i, v := range vals {
		str, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("match %s: %w", keys[i], codec.ErrCorrupt)
		}
		m, err := codec.Match([]byte(str))
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// Match returns the match of a and b.
func (s *Store) Match(ctx context.Context, a, b uint64) (*provenance.StoredMatch, error) {
	v, err := s.get(ctx, s.matchKey(a, b))
	if errors.Is(err, provenance.ErrNotFound) {
		v, err = s.get(ctx, s.matchKey(b, a))
	}
	if err != nil {
		return nil, err
	}
	return codec.Match(v)
}

// Family returns family seq.
func (s *Store) Family(ctx context.Context, seq uint64) (*provenance.StoredFamily, error) {
	v, err := s.get(ctx, s.famKey(seq))
	if err != nil {
		return nil, err
	}
	return codec.Family(v)
}

// FamilyByID returns the family with a contract ID.
func (s *Store) FamilyByID(ctx context.Context, id string) (*provenance.StoredFamily, error) {
	seq, err := s.seqOf(ctx, "famids", id)
	if err != nil {
		return nil, err
	}
	return s.Family(ctx, seq)
}

// File returns this daemon's record of the file at path.
func (s *Store) File(ctx context.Context, path string) (*provenance.FileRecord, error) {
	v, err := s.rdb.HGet(ctx, s.k("files", s.daemon), path).Bytes()
	if errors.Is(err, goredis.Nil) {
		return nil, provenance.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return codec.File(v)
}

// Files calls fn for each of this daemon's file records.
func (s *Store) Files(ctx context.Context, fn func(*provenance.FileRecord) error) error {
	var cursor uint64
	for {
		kvs, next, err := s.rdb.HScan(ctx, s.k("files", s.daemon), cursor, "", 1000).Result()
		if err != nil {
			return err
		}
		for i := 0; i+1 < len(kvs); i += 2 {
			f, err := codec.File([]byte(kvs[i+1]))
			if err != nil {
				return fmt.Errorf("file %q: %w", kvs[i], err)
			}
			if err := fn(f); err != nil {
				return err
			}
		}
		if cursor = next; cursor == 0 {
			return nil
		}
	}
}

// Size returns the memory the Redis server uses, summed over the masters
// of a cluster.
func (s *Store) Size() (int64, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if cl, ok := s.rdb.(*goredis.ClusterClient); ok {
		var mu sync.Mutex
		var total int64
		err := cl.ForEachMaster(ctx, func(ctx context.Context, c *goredis.Client) error {
			n, err := usedMemory(ctx, c)
			mu.Lock()
			total += n
			mu.Unlock()
			return err
		})
		return total, err
	}
	return usedMemory(ctx, s.rdb)
}

// usedMemory returns a server's used_memory.
func usedMemory(ctx context.Context, c goredis.Cmdable) (int64, error) {
	info, err := c.Info(ctx, "memory").Result()
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(info, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "used_memory:"); ok {
			return strconv.ParseInt(v, 10, 64)
		}
	}
	return 0, nil
}

// Outbox calls fn for each of this daemon's kept events, in order.
func (s *Store) Outbox(ctx context.Context, fn func(n uint64, line []byte) error) error {
	zs, err := s.rdb.ZRangeWithScores(ctx, s.k("outbox", s.daemon), 0, -1).Result()
	if err != nil {
		return err
	}
	for _, z := range zs {
		line, _ := z.Member.(string)
		if err := fn(uint64(z.Score), []byte(line)); err != nil {
			return err
		}
	}
	return nil
}

// DropEvents forgets this daemon's kept events numbered up to n.
func (s *Store) DropEvents(ctx context.Context, n uint64) error {
	return s.rdb.ZRemRangeByScore(ctx, s.k("outbox", s.daemon), "-inf", u(n)).Err()
}

// Apply applies a batch in one transaction, if this store holds the lock,
// and appends it to the log; it sets b.Position.
func (s *Store) Apply(ctx context.Context, b *provenance.Batch) error {
	s.mu.Lock()
	token := s.token
	s.mu.Unlock()
	if token == "" {
		return ErrLockLost
	}
	lockKey := s.k("lock")
	return s.rdb.Watch(ctx, func(tx *goredis.Tx) error {
		if cur, err := tx.Get(ctx, lockKey).Result(); err != nil || cur != token {
			return ErrLockLost
		}
		base, n, err := s.logSpan(ctx, tx)
		if err != nil {
			return err
		}
		// The IDs of documents deleted, to drop from the ID hash where
		// they still point at them.
		deleted := map[string]uint64{}
		for _, seq := range b.DeleteDocs {
			v, err := tx.Get(ctx, s.docKey(seq)).Bytes()
			if errors.Is(err, goredis.Nil) {
				continue
			}
			if err != nil {
				return err
			}
			if d, err := codec.Doc(v); err == nil {
				if cur, err := tx.HGet(ctx, s.k("ids"), d.ID).Uint64(); err == nil && cur == seq {
					deleted[d.ID] = seq
				}
			}
		}
		trim := int64(0)
		if over := int64(n) + 1 - s.keep; over > 0 {
			trim = over
		}
		_, err = tx.TxPipelined(ctx, func(p goredis.Pipeliner) error {
			for _, seq := range b.DeleteDocs {
				p.Del(ctx, s.docKey(seq), s.textKey(seq), s.adjKey(seq))
				p.ZRem(ctx, s.k("docs"), u(seq))
			}
			for id := range deleted {
				p.HDel(ctx, s.k("ids"), id)
			}
			for _, m := range b.DeleteMatches {
				a, c := m[0], m[1]
				p.Del(ctx, s.matchKey(a, c), s.matchKey(c, a))
				p.SRem(ctx, s.k("matches"), u(a)+":"+u(c), u(c)+":"+u(a))
				p.SRem(ctx, s.adjKey(a), u(c)+":0", u(c)+":1")
				p.SRem(ctx, s.adjKey(c), u(a)+":0", u(a)+":1")
			}
			for _, seq := range b.DeleteFamilies {
				p.Del(ctx, s.famKey(seq))
				p.ZRem(ctx, s.k("fams"), u(seq))
			}
			for _, id := range b.DeleteFamilyIDs {
				p.HDel(ctx, s.k("famids"), id)
			}
			for _, path := range b.DeleteFiles {
				p.HDel(ctx, s.k("files", s.daemon), path)
			}
			for _, d := range b.Docs {
				p.Set(ctx, s.docKey(d.Seq), codec.AppendDoc(nil, d), 0)
				p.HSet(ctx, s.k("ids"), d.ID, u(d.Seq))
				p.ZAdd(ctx, s.k("docs"), goredis.Z{Score: float64(d.Seq), Member: u(d.Seq)})
				if d.Text != nil {
					p.Set(ctx, s.textKey(d.Seq), s2.Encode(nil, d.Text), 0)
				}
			}
			for _, m := range b.Matches {
				p.Set(ctx, s.matchKey(m.A, m.B), codec.AppendMatch(nil, m), 0)
				p.SAdd(ctx, s.k("matches"), u(m.A)+":"+u(m.B))
				p.SAdd(ctx, s.adjKey(m.A), u(m.B)+":0")
				p.SAdd(ctx, s.adjKey(m.B), u(m.A)+":1")
			}
			for _, f := range b.Families {
				p.Set(ctx, s.famKey(f.Seq), codec.AppendFamily(nil, f), 0)
				p.ZAdd(ctx, s.k("fams"), goredis.Z{Score: float64(f.Seq), Member: u(f.Seq)})
				p.HSet(ctx, s.k("famids"), f.ID, u(f.Seq))
			}
			for _, f := range b.Files {
				p.HSet(ctx, s.k("files", s.daemon), f.Path, codec.AppendFile(nil, f))
			}
			first := b.Counters.Events - uint64(len(b.Events)) + 1
			for i, line := range b.Events {
				p.ZAdd(ctx, s.k("outbox", s.daemon), goredis.Z{Score: float64(first + uint64(i)), Member: string(line)})
			}
			shared := b.Counters
			shared.Events = 0
			p.Set(ctx, s.k("counters"), codec.AppendCounters(nil, shared), 0)
			p.Set(ctx, s.k("events", s.daemon), b.Counters.Events, 0)
			p.RPush(ctx, s.k("log"), codec.AppendBatch(nil, b))
			if trim > 0 {
				p.LTrim(ctx, s.k("log"), trim, -1)
				p.IncrBy(ctx, s.k("logbase"), trim)
			}
			return nil
		})
		if err != nil {
			return err
		}
		b.Position = base + n + 1
		return nil
	}, lockKey)
}
