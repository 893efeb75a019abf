//! `multipart/form-data` bodies (RFC 7578) for operations that upload files.
//!
//! Hand-written because the request must exist as bytes before it is sent: the transport is
//! pluggable and request signing hashes the body. reqwest's `multipart::Form` renders only into
//! its own streaming body, and the maintained multipart crates parse rather than encode.

use std::fmt::Write;
use std::hash::{BuildHasher, RandomState};

use bytes::{BufMut, Bytes, BytesMut};

/// A file sent as one part of a `multipart/form-data` body, for a parameter marked
/// `#[file("name")]`.
///
/// ```
/// use restrait_runtime::FormFile;
///
/// let file = FormFile::new("users.xlsx", std::fs::read("Cargo.toml").unwrap())
///     .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
/// assert_eq!(file.file_name(), "users.xlsx");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormFile {
    file_name: String,
    content_type: String,
    bytes: Bytes,
}

impl FormFile {
    /// A file with its name as the service should see it, and its content, sent as
    /// `application/octet-stream` unless [`FormFile::content_type`] says otherwise.
    pub fn new(file_name: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        FormFile {
            file_name: file_name.into(),
            content_type: "application/octet-stream".to_owned(),
            bytes: bytes.into(),
        }
    }

    /// Sets the part's `Content-Type`.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = content_type.into();
        self
    }

    /// The file name sent in the part's `Content-Disposition`.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The content.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }
}

/// What a `#[file(..)]` parameter may be: a [`FormFile`], a reference to one, or an `Option`
/// of those (`None` sends no part).
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "`#[file]` parameters are `restrait::FormFile`, not `{Self}`",
    label = "expected `FormFile`, `&FormFile` or an `Option` of those",
    note = "make one with `restrait::FormFile::new(file_name, bytes)`"
)]
pub trait FilePart {
    /// The file, if there is one to send.
    fn as_form_file(&self) -> Option<&FormFile>;
}

impl FilePart for FormFile {
    fn as_form_file(&self) -> Option<&FormFile> {
        Some(self)
    }
}

impl<T: FilePart + ?Sized> FilePart for &T {
    fn as_form_file(&self) -> Option<&FormFile> {
        (**self).as_form_file()
    }
}

impl<T: FilePart> FilePart for Option<T> {
    fn as_form_file(&self) -> Option<&FormFile> {
        self.as_ref().and_then(FilePart::as_form_file)
    }
}

/// The parts of a body being built, in the order the parameters are declared.
#[derive(Debug, Default)]
pub(crate) struct Form {
    parts: Vec<Part>,
}

#[derive(Debug)]
struct Part {
    name: &'static str,
    file: Option<(String, String)>,
    bytes: Bytes,
}

impl Form {
    pub(crate) fn text(&mut self, name: &'static str, value: &str) {
        let bytes = Bytes::copy_from_slice(value.as_bytes());
        self.parts.push(Part {
            name,
            file: None,
            bytes,
        });
    }

    pub(crate) fn file(&mut self, name: &'static str, file: &FormFile) {
        let meta = (file.file_name.clone(), file.content_type.clone());
        self.parts.push(Part {
            name,
            file: Some(meta),
            bytes: file.bytes.clone(),
        });
    }

    /// The body and the `Content-Type` that names its boundary. The boundary is random and
    /// checked to occur in no part, so no content can end a part early.
    pub(crate) fn finish(self) -> (Bytes, String) {
        let boundary = loop {
            let random = RandomState::new().hash_one(self.parts.len());
            let boundary = format!(
                "restrait-{random:016x}{:08x}",
                random.rotate_left(17) as u32
            );
            let clash = self
                .parts
                .iter()
                .any(|p| contains(&p.bytes, boundary.as_bytes()));
            if !clash {
                break boundary;
            }
        };
        let size: usize = self.parts.iter().map(|p| p.bytes.len() + 160).sum();
        let mut body = BytesMut::with_capacity(size + boundary.len() + 8);
        let mut head = String::new();
        for part in &self.parts {
            head.clear();
            let _ = write!(
                head,
                "--{boundary}\r\nContent-Disposition: form-data; name=\""
            );
            push_quoted(&mut head, part.name);
            head.push('"');
            if let Some((file_name, content_type)) = &part.file {
                head.push_str("; filename=\"");
                push_quoted(&mut head, file_name);
                head.push_str("\"\r\nContent-Type: ");
                // A content type with a line break would inject part headers.
                head.extend(content_type.chars().filter(|c| !c.is_control()));
            }
            head.push_str("\r\n\r\n");
            body.put_slice(head.as_bytes());
            body.put_slice(&part.bytes);
            body.put_slice(b"\r\n");
        }
        body.put_slice(format!("--{boundary}--\r\n").as_bytes());
        (
            body.freeze(),
            format!("multipart/form-data; boundary={boundary}"),
        )
    }
}

/// Writes `value` for a quoted `Content-Disposition` parameter: RFC 7578 section 4.2 has
/// browsers percent-encode `"`, CR and LF, which keeps the header on one line.
fn push_quoted(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '"' => out.push_str("%22"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_text_and_file_parts() {
        let mut form = Form::default();
        form.text("vpc", "v1");
        form.file(
            "file",
            &FormFile::new("a\"b.csv", "x,y\r\n").content_type("text/csv"),
        );
        let (body, content_type) = form.finish();
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        let expected = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"vpc\"\r\n\r\nv1\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; \
             filename=\"a%22b.csv\"\r\nContent-Type: text/csv\r\n\r\nx,y\r\n\r\n\
             --{boundary}--\r\n"
        );
        assert_eq!(std::str::from_utf8(&body).unwrap(), expected);
    }
}
