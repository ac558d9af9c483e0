//! The rate limit per client: a token bucket per address, in memory only
//! (never written, never logged). IPv6 clients count by their /64 network,
//! the block one subscriber usually gets, so rotating addresses within it
//! does not escape the limit. A bucket that has filled up again holds
//! nothing worth keeping and is forgotten at the next sweep, so the table
//! only holds the clients of the last few seconds.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Token buckets by client.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    /// Tokens added per second (requests per second allowed over time).
    rate: f64,
    /// Most tokens a bucket holds (the largest burst).
    burst: f64,
    buckets: Mutex<Buckets>,
}

#[derive(Debug)]
struct Buckets {
    by_client: HashMap<IpAddr, Bucket>,
    /// Sweep full buckets away when the table grows past this.
    sweep_at: usize,
}

#[derive(Clone, Copy, Debug)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// The fewest buckets before a sweep.
const FIRST_SWEEP: usize = 1024;

impl RateLimiter {
    /// `rate` requests a second per client, in bursts of up to `burst`.
    pub(crate) fn new(rate: f64, burst: f64) -> RateLimiter {
        RateLimiter {
            rate,
            burst: burst.max(1.0),
            buckets: Mutex::new(Buckets {
                by_client: HashMap::new(),
                sweep_at: FIRST_SWEEP,
            }),
        }
    }

    /// Takes a token from `client`'s bucket at `now`: `Err` is how long to
    /// wait for the next one.
    pub(crate) fn take(&self, client: IpAddr, now: Instant) -> Result<(), Duration> {
        let key = key(client);
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.by_client.len() >= buckets.sweep_at {
            buckets
                .by_client
                .retain(|_, b| self.refill(*b, now) < self.burst);
            buckets.sweep_at = (buckets.by_client.len() * 2).max(FIRST_SWEEP);
        }
        let bucket = buckets.by_client.entry(key).or_insert(Bucket {
            tokens: self.burst,
            updated: now,
        });
        bucket.tokens = self.refill(*bucket, now);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / self.rate))
        }
    }

    /// The tokens `bucket` holds at `now`.
    fn refill(&self, bucket: Bucket, now: Instant) -> f64 {
        let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
        (bucket.tokens + elapsed * self.rate).min(self.burst)
    }

    #[cfg(test)]
    fn clients(&self) -> usize {
        self.buckets
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .by_client
            .len()
    }
}

/// What a client counts as: its IPv4 address (also when it comes mapped
/// into IPv6), or its IPv6 /64 network.
fn key(client: IpAddr) -> IpAddr {
    match client {
        IpAddr::V4(_) => client,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let mut segments = v6.segments();
                segments[4..].fill(0);
                IpAddr::V6(segments.into())
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_gets_its_burst_then_waits_for_tokens() {
        let limiter = RateLimiter::new(2.0, 3.0);
        let start = Instant::now();
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        for _ in 0..3 {
            assert!(limiter.take(a, start).is_ok());
        }
        let wait = limiter.take(a, start).unwrap_err();
        assert_eq!(wait, Duration::from_millis(500));
        // Another client has its own bucket.
        assert!(limiter.take(b, start).is_ok());
        // Half a second later, one more token.
        let later = start + Duration::from_millis(500);
        assert!(limiter.take(a, later).is_ok());
        assert!(limiter.take(a, later).is_err());
    }

    #[test]
    fn ipv6_clients_count_by_network_and_mapped_ipv4_as_ipv4() {
        let limiter = RateLimiter::new(1.0, 1.0);
        let now = Instant::now();
        assert!(limiter
            .take("2001:db8:1:2::1".parse().unwrap(), now)
            .is_ok());
        assert!(limiter
            .take("2001:db8:1:2::99".parse().unwrap(), now)
            .is_err());
        assert!(limiter
            .take("2001:db8:1:3::1".parse().unwrap(), now)
            .is_ok());
        assert!(limiter.take("192.0.2.7".parse().unwrap(), now).is_ok());
        assert!(limiter
            .take("::ffff:192.0.2.7".parse().unwrap(), now)
            .is_err());
    }

    #[test]
    fn idle_clients_are_forgotten() {
        let limiter = RateLimiter::new(10.0, 10.0);
        let start = Instant::now();
        for i in 0..FIRST_SWEEP as u32 {
            let client = IpAddr::V4(std::net::Ipv4Addr::from(0x0a00_0000 + i));
            assert!(limiter.take(client, start).is_ok());
        }
        assert_eq!(limiter.clients(), FIRST_SWEEP);
        // Two seconds on, every bucket is full again: the next request sweeps.
        let later = start + Duration::from_secs(2);
        assert!(limiter.take("192.0.2.9".parse().unwrap(), later).is_ok());
        assert_eq!(limiter.clients(), 1);
    }
}
