#pragma once
// Files, groups and datasets as RAII objects, and the links between them.
// Names of any length are passed whole, both ways (HDF5 is asked for a name's
// length before the name).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/hdf5/hdf5_handle.hpp"

namespace cyres::h5 {

//! Something attributes can be attached to: a file (its root group), a group
//! or a dataset.
class Object {
 public:
  hid_t id() const { return handle_.get(); }
  //! Path of the object inside its file, e.g. "/policies/independent".
  std::string path() const;
  //! Closes now; throws Error on failure (destruction closes too, silently).
  void close() { handle_.close(); }

 protected:
  explicit Object(Handle handle) : handle_(std::move(handle)) {}
  Handle handle_;
};

class File : public Object {
 public:
  //! Creates `path`, truncating any existing file.
  static File create(const std::string& path);
  static File open_read_only(const std::string& path);
  //! Flushes and closes; throws Error on failure. Files use H5F_CLOSE_SEMI, so
  //! closing also fails while an object in one is still open (a leaked handle
  //! is an error, not a file that silently stays open).
  void close();
  const std::string& filename() const { return filename_; }
  //! Size of the file [bytes].
  hsize_t size() const;

 private:
  File(Handle handle, std::string filename)
      : Object(std::move(handle)), filename_(std::move(filename)) {}
  std::string filename_;
};

class Group : public Object {
 public:
  explicit Group(Handle handle) : Object(std::move(handle)) {}
};

class Dataset : public Object {
 public:
  explicit Dataset(Handle handle) : Object(std::move(handle)) {}
};

Group create_group(const Object& parent, std::string_view name);
Group open_group(const Object& parent, std::string_view name);
Dataset open_dataset(const Object& parent, std::string_view name);
//! Whether `parent` has a link called `name` (one path component).
bool exists(const Object& parent, std::string_view name);
//! Names of the links in group (or file) `parent`, in name order.
std::vector<std::string> link_names(const Object& parent);

namespace detail {
//! How messages name `kind` `name` under `parent`: "dataset '/g/x'".
std::string child(std::string_view kind, const Object& parent, std::string_view name);
}  // namespace detail

}  // namespace cyres::h5
