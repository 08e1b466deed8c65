//! Serves an existing index on a loopback port, with the connection bounds of `whosaid serve`
//! set by hand: what the command does, from a program.
//!
//! ```sh
//! cargo run -p whosaid-serve --example serve -- news.idx 127.0.0.1:8080
//! ```

use std::sync::Arc;
use std::time::Duration;

use whosaid_index::StatementIndex;
use whosaid_serve::{serve_with, ServeOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().ok_or("usage: serve INDEX_DIR [HOST:PORT]")?;
    let addr = args
        .next()
        .unwrap_or_else(|| "127.0.0.1:8080".to_owned())
        .parse()?;
    let index = Arc::new(StatementIndex::open(std::path::Path::new(&dir))?);
    let options = ServeOptions {
        header_timeout: Duration::from_secs(5),
        idle_timeout: Duration::from_secs(20),
        max_connections: Some(256),
    };
    eprintln!("serving {dir} on http://{addr}/ (Ctrl-C stops)");
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(serve_with(index, addr, options))?;
    Ok(())
}
