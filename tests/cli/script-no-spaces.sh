# Thai, Lao, Khmer and Myanmar put no spaces between words: their words
# are the overlapping pairs of letters (each with its marks), so a copy
# with one word changed (rice farmers for farmers) shares most of them
# and joins the sentence's cluster, and an unrelated Thai sentence does
# not (before, each sentence was one word: score 0 for every copy).
printf '%s\n' \
    '{"id":"th","text":"รัฐบาลประกาศมาตรการใหม่เพื่อช่วยเหลือเกษตรกรที่ได้รับผลกระทบจากน้ำท่วม"}' \
    '{"id":"th2","text":"รัฐบาลประกาศมาตรการใหม่เพื่อช่วยเหลือชาวนาที่ได้รับผลกระทบจากน้ำท่วม"}' \
    '{"id":"th3","text":"นักวิทยาศาสตร์ค้นพบดาวเคราะห์ดวงใหม่นอกระบบสุริยะ"}' \
    '{"id":"lo","text":"ລັດຖະບານປະກາດມາດຕະການໃໝ່ເພື່ອຊ່ວຍເຫຼືອຊາວກະສິກອນທີ່ໄດ້ຮັບຜົນກະທົບຈາກນ້ຳຖ້ວມ"}' \
    '{"id":"lo2","text":"ລັດຖະບານປະກາດມາດຕະການໃໝ່ເພື່ອຊ່ວຍເຫຼືອຊາວນາທີ່ໄດ້ຮັບຜົນກະທົບຈາກນ້ຳຖ້ວມ"}' \
    '{"id":"km","text":"រដ្ឋាភិបាលបានប្រកាសវិធានការថ្មីដើម្បីជួយកសិករដែលរងផលប៉ះពាល់ពីទឹកជំនន់"}' \
    '{"id":"km2","text":"រដ្ឋាភិបាលបានប្រកាសវិធានការថ្មីដើម្បីជួយអ្នកស្រែដែលរងផលប៉ះពាល់ពីទឹកជំនន់"}' \
    '{"id":"my","text":"အစိုးရသည်ရေကြီးမှုကြောင့်ထိခိုက်ခံရသောလယ်သမားများကိုကူညီရန်အစီအမံအသစ်များကြေညာခဲ့သည်"}' \
    '{"id":"my2","text":"အစိုးရသည်ရေကြီးမှုကြောင့်ထိခိုက်ခံရသောတောင်သူများကိုကူညီရန်အစီအမံအသစ်များကြေညာခဲ့သည်"}' |
    "$NDC" -a score | sed 's/"text":"[^"]*",//'
