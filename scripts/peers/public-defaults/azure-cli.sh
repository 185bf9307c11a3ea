#!/usr/bin/env bash
# azure-cli (Debian's package) on its public-cloud defaults: no `az cloud` setting, no endpoint, only the
# environment `adls emulator env --proxy` prints. Each command is echoed (set -x) so a failure names itself.
# (`az dls account create/show` are broken inside Debian's azure-cli 2.45 itself, so they are not used.)
set -euxo pipefail
cd "$WORK_DIR"
az login --use-device-code --output json
az account show --output json
az group create --name az-public-defaults --location eastus2 --output json
az group list --query "[].name" --output tsv | grep -x az-public-defaults
az dls account list --query "[].name" --output tsv | grep -x "$DEFAULT_ACCOUNT"
acct=(--account "$DEFAULT_ACCOUNT")
az dls fs create "${acct[@]}" --path /az-dir --folder
az dls fs create "${acct[@]}" --path /az-dir/hello.txt --content "hello from azure-cli"
az dls fs list "${acct[@]}" --path /az-dir --query "[].name" --output tsv | grep -x az-dir/hello.txt
head -c $((5 * 1024 * 1024 + 123)) /dev/urandom > big.bin
chunks=(--chunk-size 1048576 --buffer-size 1048576 --block-size 1048576 --thread-count 4)
az dls fs upload "${acct[@]}" --source-path big.bin --destination-path /az-dir/big.bin "${chunks[@]}"
az dls fs show "${acct[@]}" --path /az-dir/big.bin --query length --output tsv | grep -x $((5 * 1024 * 1024 + 123))
az dls fs download "${acct[@]}" --source-path /az-dir/big.bin --destination-path big.back "${chunks[@]}"
cmp big.bin big.back && echo "download identical"
az dls fs move "${acct[@]}" --source-path /az-dir/big.bin --destination-path /az-dir/moved.bin
az dls fs test "${acct[@]}" --path /az-dir/big.bin | grep -x false
az dls fs access set-entry "${acct[@]}" --path /az-dir/moved.bin --acl-spec "user:$SECOND_USER_OID:r-x"
az dls fs access show "${acct[@]}" --path /az-dir/moved.bin --query entries --output tsv | grep "user:$SECOND_USER_OID:r-x"
az dls fs delete "${acct[@]}" --path /az-dir --recurse
az dls fs test "${acct[@]}" --path /az-dir | grep -x false
# Storage accounts (Gen2): the development account, with Azure's public endpoint names in transparent mode.
az storage account list --query "[].name" --output tsv | grep -x devstoreaccount1
az storage account show --name devstoreaccount1 --query isHnsEnabled --output tsv | grep -ix true
az storage account show --name devstoreaccount1 --query primaryEndpoints.dfs --output tsv | grep -x https://devstoreaccount1.dfs.core.windows.net/
az storage account keys list --account-name devstoreaccount1 --query "[].[keyName, permissions]" --output tsv | tr '\n\t' '  ' \
  | grep -x "key1 FULL key2 FULL "
az group delete --name az-public-defaults --yes
echo "PUBLIC DEFAULTS AZURE CLI DONE"
