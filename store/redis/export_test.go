package redis

// Abandon stops s as a crashed process would: the lock it holds is no
// longer renewed nor given back.
func Abandon(s *Store) {
	s.mu.Lock()
	if s.stop != nil {
		close(s.stop)
		s.stop = nil
	}
	s.held, s.token = 0, ""
	s.mu.Unlock()
	s.rdb.Close()
}
