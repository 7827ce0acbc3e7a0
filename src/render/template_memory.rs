//! A bound on the memory one template rendering may hold. minijinja's fuel counts steps, and
//! a few steps can double a string until the machine's memory is gone (`{% set ns.s = ns.s ~
//! ns.s %}` in a loop); nothing can unwind out of a failed allocation. So the binary's
//! allocator ([`CountingAllocator`], installed in `main.rs`) counts the bytes the current
//! thread holds while a template renders on it ([`Rendering`]); an allocation that would take
//! them past [`MAX_TEMPLATE_MEMORY`] ends the process with exit code 2 and a fixed message
//! naming the template, written with `write(2)` since nothing may allocate at that point.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// Bytes one rendering may hold at once (its output is capped at 64 MiB on its own).
pub const MAX_TEMPLATE_MEMORY: i64 = 512 * 1024 * 1024;

/// Bytes of the template's name kept for the message.
const NAME_BYTES: usize = 200;

thread_local! {
    /// Bytes held by allocations made on this thread since the rendering began; `None` when
    /// no template renders here.
    static HELD: Cell<Option<i64>> = const { Cell::new(None) };
    static NAME: Cell<([u8; NAME_BYTES], usize)> = const { Cell::new(([0; NAME_BYTES], 0)) };
}

/// A template rendering on this thread: its allocations are counted until it is dropped.
pub struct Rendering(());

impl Rendering {
    /// `template`: its name and origin as messages show them.
    pub fn begin(template: &str) -> Rendering {
        let mut name = [0u8; NAME_BYTES];
        let shown: String = template.chars().filter(|c| !c.is_control()).collect();
        let mut length = shown.len().min(NAME_BYTES);
        while !shown.is_char_boundary(length) {
            length -= 1;
        }
        name[..length].copy_from_slice(&shown.as_bytes()[..length]);
        NAME.with(|n| n.set((name, length)));
        HELD.with(|held| held.set(Some(0)));
        Rendering(())
    }
}

impl Drop for Rendering {
    fn drop(&mut self) {
        let _ = HELD.try_with(|held| held.set(None));
    }
}

/// The system allocator, counting what a template rendering holds (see the module's text).
pub struct CountingAllocator;

/// Count `delta` bytes for the rendering on this thread, if any; past the bound, stop.
fn count(delta: i64) {
    let _ = HELD.try_with(|held| {
        if let Some(bytes) = held.get() {
            let now = bytes.saturating_add(delta);
            if now > MAX_TEMPLATE_MEMORY {
                out_of_memory();
            }
            held.set(Some(now));
        }
    });
}

/// Write the message and exit 2, allocating nothing.
fn out_of_memory() -> ! {
    let (name, length) = NAME.try_with(Cell::get).unwrap_or(([0; NAME_BYTES], 0));
    let parts: [&[u8]; 3] = [
        b"error: template ",
        &name[..length],
        b" needed more than 512 MiB of memory while rendering; nothing was written\n  = help: \
          simplify the template (a string doubled in a loop?), or remove the override to use \
          the built-in one\n",
    ];
    for part in parts {
        // SAFETY: writing a valid buffer to standard error; the result is ignored because the
        // process ends either way.
        unsafe {
            libc::write(2, part.as_ptr().cast(), part.len());
        }
    }
    // SAFETY: `_exit` ends the process at once without unwinding or running destructors,
    // which is what an allocator that cannot return must do.
    unsafe { libc::_exit(2) }
}

fn signed(size: usize) -> i64 {
    i64::try_from(size).unwrap_or(i64::MAX)
}

// SAFETY: every call is forwarded to the system allocator unchanged; counting only reads and
// writes a thread-local cell, which allocates nothing.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(signed(layout.size()));
        // SAFETY: the caller's contract is passed on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(signed(layout.size()));
        // SAFETY: the caller's contract is passed on.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        count(-signed(layout.size()));
        // SAFETY: the caller's contract is passed on.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(signed(new_size) - signed(layout.size()));
        // SAFETY: the caller's contract is passed on.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}
