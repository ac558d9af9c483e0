//! The collector's database: one SQLite file (WAL, every commit synced),
//! one table of events as received. Each row keeps the event's JSON as
//! checked, beside the columns reports filter on (time, kind, language,
//! page), so a new report needs no migration.

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OpenFlags};

use crate::insights::event::{Event, Stored};

/// The layout of the database this version writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = 1;

/// Why the database cannot be used.
#[derive(Debug)]
pub enum StoreError {
    /// The file could not be opened or created.
    Open(PathBuf, String),
    /// The file is not a database of events (another program's SQLite
    /// file, a newer layout, or damage).
    NotEvents(PathBuf, String),
    /// A read or a write failed.
    Sql(String),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Open(path, why) => write!(f, "cannot open {}: {why}", path.display()),
            StoreError::NotEvents(path, why) => write!(
                f,
                "{} is not a helpbook events database ({why}); give another --db, or move this file away",
                path.display()
            ),
            StoreError::Sql(why) => write!(f, "database error: {why}"),
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sql(e.to_string())
    }
}

/// An open events database.
pub struct Store {
    connection: Connection,
}

impl Store {
    /// Opens the database at `path`, creating it when missing (for the
    /// collector). A file that is not a database of events, or is damaged,
    /// is an error, never a panic.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let connection = Connection::open(path)
            .map_err(|e| StoreError::Open(path.to_path_buf(), e.to_string()))?;
        let store = Store { connection };
        store.prepare(path)?;
        Ok(store)
    }

    /// Opens an existing database read-only (for reports).
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        if !path.is_file() {
            return Err(StoreError::Open(path.to_path_buf(), "no such file".into()));
        }
        let connection = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| StoreError::Open(path.to_path_buf(), e.to_string()))?;
        let store = Store { connection };
        store.check_layout(path)?;
        Ok(store)
    }

    /// WAL, synced commits, the table and its index; checks an existing
    /// file's layout first.
    fn prepare(&self, path: &Path) -> Result<(), StoreError> {
        let not_events =
            |e: rusqlite::Error| StoreError::NotEvents(path.to_path_buf(), e.to_string());
        // Reading the header first: a file that is not SQLite fails here.
        let version: i64 = self
            .connection
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(not_events)?;
        let tables: i64 = self
            .connection
            .query_row("SELECT count(*) FROM sqlite_master", [], |row| row.get(0))
            .map_err(not_events)?;
        if tables > 0 {
            self.check_layout(path)?;
        } else if version != 0 {
            return Err(StoreError::NotEvents(
                path.to_path_buf(),
                format!("layout version {version}"),
            ));
        }
        self.connection
            .execute_batch(
                "PRAGMA journal_mode = WAL;
                 PRAGMA synchronous = FULL;
                 CREATE TABLE IF NOT EXISTS events (
                     id INTEGER PRIMARY KEY,
                     time INTEGER NOT NULL,
                     kind TEXT NOT NULL,
                     language TEXT NOT NULL,
                     page TEXT NOT NULL,
                     event TEXT NOT NULL
                 );
                 CREATE INDEX IF NOT EXISTS events_by_time ON events (time);",
            )
            .map_err(not_events)?;
        self.connection
            .pragma_update(None, "user_version", SCHEMA_VERSION)
            .map_err(not_events)?;
        Ok(())
    }

    /// Checks that an existing file holds this version's events table
    /// (and runs SQLite's quick integrity check).
    fn check_layout(&self, path: &Path) -> Result<(), StoreError> {
        let not_events = |why: String| StoreError::NotEvents(path.to_path_buf(), why);
        let version: i64 = self
            .connection
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(|e| not_events(e.to_string()))?;
        if version != SCHEMA_VERSION {
            return Err(not_events(format!(
                "layout version {version}, expected {SCHEMA_VERSION}"
            )));
        }
        let check: String = self
            .connection
            .query_row("PRAGMA quick_check", [], |row| row.get(0))
            .map_err(|e| not_events(e.to_string()))?;
        if check != "ok" {
            return Err(not_events(format!("damaged: {check}")));
        }
        Ok(())
    }

    /// Adds events received at `time` (seconds since 1970, UTC) in one
    /// transaction: when this returns `Ok`, they are on disk.
    pub fn insert(&mut self, events: &[(i64, Event)]) -> Result<(), StoreError> {
        let transaction = self.connection.transaction()?;
        {
            let mut statement = transaction.prepare_cached(
                "INSERT INTO events (time, kind, language, page, event) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for (time, event) in events {
                let json =
                    serde_json::to_string(event).map_err(|e| StoreError::Sql(e.to_string()))?;
                statement.execute(params![
                    time,
                    event.kind(),
                    event.language(),
                    event.page(),
                    json
                ])?;
            }
        }
        transaction.commit()?;
        Ok(())
    }

    /// Deletes events received before `time`; returns how many.
    pub fn delete_before(&mut self, time: i64) -> Result<usize, StoreError> {
        Ok(self
            .connection
            .execute("DELETE FROM events WHERE time < ?1", params![time])?)
    }

    /// Every event received at or after `since`, oldest first. Rows that no
    /// longer parse (written by hand, say) are skipped and counted.
    pub fn events_since(&self, since: i64) -> Result<(Vec<Stored>, usize), StoreError> {
        let mut statement = self
            .connection
            .prepare("SELECT time, event FROM events WHERE time >= ?1 ORDER BY time, id")?;
        let rows = statement.query_map(params![since], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
        })?;
        let mut events = Vec::new();
        let mut skipped = 0;
        for row in rows {
            let (time, json) = row?;
            match serde_json::from_str::<Event>(&json) {
                Ok(event) => events.push(Stored { time, event }),
                Err(_) => skipped += 1,
            }
        }
        Ok((events, skipped))
    }

    /// How many events the database holds.
    pub fn count(&self) -> Result<u64, StoreError> {
        let count: i64 = self
            .connection
            .query_row("SELECT count(*) FROM events", [], |row| row.get(0))?;
        Ok(u64::try_from(count).unwrap_or(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(channel: &str) -> Event {
        Event::Contact {
            page: "/contact/".into(),
            language: "en".into(),
            channel: channel.into(),
        }
    }

    #[test]
    fn events_go_in_and_come_out_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("insights.sqlite");
        let mut store = Store::open(&path).unwrap();
        store
            .insert(&[(20, contact("b")), (10, contact("a"))])
            .unwrap();
        store.insert(&[(30, contact("c"))]).unwrap();
        assert_eq!(store.count().unwrap(), 3);
        drop(store);
        let store = Store::open_read_only(&path).unwrap();
        let (events, skipped) = store.events_since(15).unwrap();
        assert_eq!(skipped, 0);
        let times: Vec<i64> = events.iter().map(|s| s.time).collect();
        assert_eq!(times, [20, 30]);
        let mut store = Store::open(&path).unwrap();
        assert_eq!(store.delete_before(25).unwrap(), 2);
        assert_eq!(store.count().unwrap(), 1);
    }

    #[test]
    fn a_file_that_is_not_an_events_database_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("notes.sqlite");
        std::fs::write(
            &text,
            "just some text, not SQLite at all, long enough to have a header",
        )
        .unwrap();
        let err = Store::open(&text).err().expect("refused");
        assert!(
            err.to_string()
                .contains("is not a helpbook events database"),
            "{err}"
        );

        let other = dir.path().join("other.sqlite");
        let connection = Connection::open(&other).unwrap();
        connection
            .execute_batch("CREATE TABLE songs (title TEXT); PRAGMA user_version = 7;")
            .unwrap();
        drop(connection);
        assert!(Store::open(&other).is_err());
        assert!(Store::open_read_only(&dir.path().join("missing.sqlite")).is_err());
    }
}
