//! A real reverse proxy for the two-instance test: Debian's nginx (installed by
//! `scripts/setup.sh`), started by the test with its own configuration in a temporary folder.
//! It spreads requests over the instances, skips one that does not answer, and sends a request
//! carrying `X-Instance: <name>` to that instance only.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running nginx; stopped when dropped.
pub struct Nginx {
    child: Child,
    /// "http://127.0.0.1:PORT".
    pub base: String,
    dir: tempfile::TempDir,
}

/// A port nobody listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// Waits up to 10 s for something to listen on `port` of 127.0.0.1; whether it did.
pub fn listening(port: u16) -> bool {
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if started.elapsed() > Duration::from_secs(10) {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    true
}

impl Nginx {
    /// Starts nginx in front of `instances` (name, "127.0.0.1:PORT") and waits until it takes
    /// connections.
    pub fn start(instances: &[(&str, &str)]) -> Nginx {
        let dir = tempfile::tempdir().expect("temp dir");
        let d = dir.path().display();
        let port = free_port();
        let servers: String = instances
            .iter()
            .map(|(_, addr)| format!("    server {addr} max_fails=1 fail_timeout=30s;\n"))
            .collect();
        let pinned: String = instances
            .iter()
            .map(|(name, addr)| format!("  upstream pin_{name} {{ server {addr}; }}\n"))
            .collect();
        let map: String = instances
            .iter()
            .map(|(name, _)| format!("    {name} pin_{name};\n"))
            .collect();
        // As root, the workers would run as nobody, who may not enter the temporary folder.
        let root = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
        let user = if root { "user root;" } else { "" };
        let conf = format!(
            "{user}
worker_processes 1;
daemon off;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 256; }}
http {{
  access_log off;
  client_body_temp_path {d}/body;
  proxy_temp_path {d}/proxy;
  fastcgi_temp_path {d}/fastcgi;
  uwsgi_temp_path {d}/uwsgi;
  scgi_temp_path {d}/scgi;
  client_max_body_size 64m;
  upstream cchc {{
{servers}  }}
{pinned}  map $http_x_instance $pool {{
{map}    default cchc;
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://$pool;
      proxy_http_version 1.1;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_next_upstream error timeout;
      proxy_connect_timeout 2s;
    }}
  }}
}}
"
        );
        let conf_path = dir.path().join("nginx.conf");
        std::fs::write(&conf_path, conf).expect("nginx.conf");
        // Debian puts nginx in /usr/sbin, which a user's PATH may not hold.
        let program = ["nginx", "/usr/sbin/nginx"]
            .into_iter()
            .find(|p| Command::new(p).arg("-v").output().is_ok())
            .expect("nginx must be installed (bash scripts/setup.sh)");
        let child = Command::new(program)
            .arg("-p")
            .arg(dir.path())
            .arg("-c")
            .arg(&conf_path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start nginx");
        if !listening(port) {
            let log = std::fs::read_to_string(dir.path().join("error.log")).unwrap_or_default();
            panic!("nginx did not start: {log}");
        }
        Nginx {
            child,
            base: format!("http://127.0.0.1:{port}"),
            dir,
        }
    }

    /// What nginx logged (for a failing test's message).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("error.log")).unwrap_or_default()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
